using Dashboard.Tests.Shared;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Dashboard.Api;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary><c>POST /api/ingest/emqx</c> as EMQX's HTTP action (and batching tools) call it.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string Secret = "s3cret-for-tests";
    private DashboardApp _app = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Webhook:Secret"] = Secret,
            ["Webhook:MaxBodyBytes"] = "4096",
        });
        _app.StartServer();
        _http = _app.CreateClient();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
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
    public async Task An_event_that_is_not_a_connect_or_disconnect_is_400_naming_it()
    {
        var response = await PostAsync(Fixtures.Read("client_connack_bad_credentials.json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("client.connack", await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> PostAsync(string body, string mediaType = "application/json") =>
        _http.PostAsync(WebhookApi.Path, new StringContent(body, Encoding.UTF8, mediaType));
}
