using Dashboard.Tests.Shared;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Dashboard.Api;
using Dashboard.Core.History;
using Microsoft.Extensions.DependencyInjection;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary><c>POST /api/ingest/emqx</c> as EMQX's HTTP action (and batching tools) call it.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private DashboardApp _app = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Webhook:MaxBodyBytes"] = "4096",
            ["Webhook:FailedSecretsPerMinute"] = "3",
        });
        _app.StartServer();
        _http = _app.CreateWebhookClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task One_event_as_emqx_posts_it_is_applied_before_the_response()
    {
        var response = await PostAsync(Fixtures.Read("client_connected.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<WebhookResultDto>(DashboardApp.Json))!.Accepted);
        var client = (await _app.GetClientsAsync()).Items.Single();
        Assert.Equal("sensor-0042", client.ClientId);
        var status = await _app.GetIngestStatusAsync();
        Assert.Equal(Core.Ingestion.IngestSourceState.Connected, status.Sources.Single(s => s.Name == "webhook").State);
    }

    [Fact]
    public async Task The_seeds_four_column_subset_is_accepted()
    {
        await PostAsync(Fixtures.Read("client_connected.json"));

        var response = await PostAsync(Fixtures.Read("rule_select_subset.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("normal", (await _app.GetClientsAsync("?state=offline")).Items.Single().LastReason);
    }

    [Fact]
    public async Task A_json_array_and_ndjson_are_accepted_as_batches()
    {
        var array = $"[{Fixtures.Read("client_connected.json")},{Fixtures.Read("client_disconnected_takenover.json")}]";
        var ndjson = string.Join("\n", Fixtures.Read("client_disconnected_ipv6.json").ReplaceLineEndings(" "), Fixtures.Read("client_disconnected_discarded.json").ReplaceLineEndings(" "));

        var first = await PostAsync(array);
        var second = await PostAsync(ndjson, "application/x-ndjson");

        Assert.Equal(2, (await first.Content.ReadFromJsonAsync<WebhookResultDto>(DashboardApp.Json))!.Accepted);
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<WebhookResultDto>(DashboardApp.Json))!.Accepted);
        Assert.Equal(4, (await _app.GetClientsAsync("?state=all")).Total);
    }

    [Fact]
    public async Task A_retried_event_is_stored_once()
    {
        await PostAsync(Fixtures.Read("client_disconnected_normal.json"));
        var retry = await PostAsync(Fixtures.Read("client_disconnected_normal.json"));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var status = await _app.GetIngestStatusAsync();
        Assert.Equal(1, status.Accepted);
        Assert.Equal(1, status.Duplicates);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    public async Task A_missing_or_wrong_secret_is_401_and_stores_nothing(string? secret)
    {
        using var http = _app.CreateClient();
        if (secret is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        var response = await http.PostAsync(WebhookApi.Path, new StringContent(Fixtures.Read("client_connected.json"), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, (await _app.GetClientsAsync("?state=all")).Total);
        Assert.Equal(0, (await _app.GetIngestStatusAsync()).Received);
    }

    [Fact]
    public async Task Repeated_wrong_secrets_from_one_address_get_429_with_retry_after_but_the_right_secret_still_works()
    {
        using var guesser = _app.CreateClient();
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-secret-at-all");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await guesser.PostAsync(WebhookApi.Path, new StringContent(Fixtures.Read("client_connected.json"), Encoding.UTF8, "application/json"));
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.InRange(last.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        var right = await PostAsync(Fixtures.Read("client_connected.json"));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(1, (await _app.GetIngestStatusAsync()).Received);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task Anything_but_a_json_media_type_is_415_and_not_read(string? mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Fixtures.Read("client_connected.json")));
        if (mediaType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        var response = await _http.PostAsync(WebhookApi.Path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, (await _app.GetIngestStatusAsync()).Received);
    }

    [Fact]
    public async Task A_text_plain_post_with_a_script_in_the_reason_is_415_and_stores_nothing()
    {
        // What any web page can send with a no-cors fetch: no preflight, no Authorization header.
        using var http = _app.CreateClient();
        const string body = """{"event":"client.disconnected","clientid":"victim","reason":"<img src=x onerror=\"alert(document.domain)\">","disconnected_at":1749555012345}""";

        var response = await http.PostAsync(WebhookApi.Path, new StringContent(body, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await _app.GetIngestStatusAsync()).Received);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/clients/victim")).StatusCode);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("application/cloudevents+json")]
    public async Task Json_media_types_with_parameters_or_a_json_suffix_are_accepted(string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Fixtures.Read("client_connected.json")));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);

        var response = await _http.PostAsync(WebhookApi.Path, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var response = await PostAsync("[" + string.Join(",", Enumerable.Repeat(Fixtures.Read("client_connected.json"), 10)) + "]");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, (await _app.GetClientsAsync("?state=all")).Total);
    }

    [Fact]
    public async Task Malformed_json_is_400_with_a_clear_message_and_counted()
    {
        var response = await PostAsync("{\"clientid\": \"x\",");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync());
        var status = await _app.GetIngestStatusAsync();
        Assert.Equal(1, status.ParseFailures);
        Assert.Equal(1, status.Sources.Single(s => s.Name == "webhook").ParseFailures);
    }

    [Fact]
    public async Task An_event_the_dashboard_does_not_read_is_400_naming_it()
    {
        var response = await PostAsync("""{"event":"session.subscribed","clientid":"c1","topic":"a/b"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("session.subscribed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_refused_connect_is_stored_before_the_200_and_counted_without_touching_the_clients()
    {
        // What EMQX sends for one refused CONNECT: the failed authentication, then the refusing connack;
        // then a successful connect's connack, which is only counted.
        string[] fixtures = ["client_check_authn_complete_failure.json", "client_connack_bad_credentials.json", "client_connack_success.json"];
        var body = string.Join("\n", fixtures.Select(name => Fixtures.Read(name).ReplaceLineEndings(" ")));

        var response = await PostAsync(body, "application/x-ndjson");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<WebhookResultDto>(DashboardApp.Json))!.Accepted);
        var store = _app.Services.GetRequiredService<IHistoryStore>();
        var stored = await store.GetAccessFailuresAsync(
            new AccessFailureFilter(DateTimeOffset.FromUnixTimeMilliseconds(1749553000000), DateTimeOffset.FromUnixTimeMilliseconds(1749553001000), 10),
            CancellationToken.None);
        Assert.Equal(2, stored.Count);
        Assert.All(stored, f => Assert.Equal(("sensor-0099", "bad_username_or_password", "172.18.0.1"), (f.Event.ClientId, f.Event.ReasonCode, f.Event.PeerIp)));
        var status = await _app.GetIngestStatusAsync();
        Assert.Equal(1, status.Access.Refused["bad_username_or_password"]);
        Assert.Equal((1L, 1L, 0L), (status.Access.ConnackSuccesses, status.Access.AuthenticationFailures, status.Accepted));
        Assert.Equal(0, (await _app.GetClientsAsync("?state=all")).Total);
    }

    private Task<HttpResponseMessage> PostAsync(string body, string mediaType = "application/json") =>
        _http.PostAsync(WebhookApi.Path, new StringContent(body, Encoding.UTF8, mediaType));
}

/// <summary>Without <c>Webhook:Secret</c> the webhook is off, and says how to turn it on.</summary>
public sealed class WebhookOffTests
{
    [Theory]
    [InlineData("", "true", "off: set Webhook:Secret")]
    [InlineData(DashboardApp.WebhookSecret, "false", "off: Webhook:Enabled is false")]
    public async Task Without_a_secret_or_when_disabled_requests_are_404_problems_saying_how_to_turn_it_on(string secret, string enabled, string description)
    {
        // An empty value overrides the test apps' default secret, as an empty environment variable would.
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Webhook:Secret"] = secret,
            ["Webhook:Enabled"] = enabled,
        });
        app.StartServer();

        var response = await app.PostToWebhookAsync(Fixtures.Read("client_connected.json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Webhook:", await response.Content.ReadAsStringAsync());
        var status = await app.GetIngestStatusAsync();
        Assert.Equal(0, status.Received);
        var webhook = status.Sources.Single(s => s.Name == "webhook");
        Assert.Equal(Core.Ingestion.IngestSourceState.Disabled, webhook.State);
        Assert.Contains(description, webhook.Description);
    }
}
