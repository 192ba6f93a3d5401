using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Api;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>Disconnect reasons over REST, fed through the webhook: recent ranges from memory, older ones from history.</summary>
public sealed class ReasonsApiTests : IAsyncLifetime
{
    private DashboardApp _app = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync() => StartAsync("sqlite");

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Without_history_the_last_hour_comes_from_memory_per_minute_with_reasons_verbatim_and_connects()
    {
        // With history, a range reaching back before start-up is counted in the database; memory alone here.
        await DisposeAsync();
        await StartAsync("none");
        // Inside one minute, so that all four land in one bucket.
        var at = (DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds() / 60_000 * 60_000) + 10_000;
        await PostAsync(
            Connect("dev-1", at),
            Disconnect("dev-1", at + 1, "tcp_closed"),
            Disconnect("dev-2", at + 2, "tcp_closed"),
            Disconnect("dev-3", at + 3, "Brand_New-Reason"));

        var series = await Eventually.HoldsAsync(
            () => _http.GetFromJsonAsync<ReasonSeriesDto>("/api/reasons", DashboardApp.Json)!,
            s => s!.Buckets.Sum(b => b.Counts.Values.Sum()) == 3,
            "three disconnects in the live series");

        Assert.Equal("live", series!.Source);
        Assert.Equal(60, series.BucketSeconds);
        Assert.InRange(series.Buckets.Count, 60, 61);
        var bucket = Assert.Single(series.Buckets, b => b.Counts.Count > 0);
        Assert.Equal(new Dictionary<string, long> { ["tcp_closed"] = 2, ["Brand_New-Reason"] = 1 }, bucket.Counts);
        Assert.Equal(1, bucket.Connects);

        // Online is sampled when a batch is applied, in the minute it is applied: now, not at the events' time.
        Assert.Equal(0, series.Buckets.Last(b => b.Online is not null).Online);
    }

    [Fact]
    public async Task With_history_a_range_reaching_back_before_start_up_comes_from_history()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds();
        await PostAsync(Disconnect("dev-1", at, "kicked"));

        var series = await _http.GetFromJsonAsync<ReasonSeriesDto>("/api/reasons", DashboardApp.Json);

        Assert.Equal("history", series!.Source);
        Assert.Equal(1, series.Buckets.Sum(b => b.Counts.GetValueOrDefault("kicked")));
    }

    [Fact]
    public async Task An_older_range_comes_from_history_in_the_requested_buckets_and_lists_the_clients_of_a_reason()
    {
        var t0 = DateTimeOffset.Parse("2025-06-10T10:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        await PostAsync(
            Connect("dev/1", t0),
            Disconnect("dev/1", t0 + 60_000, "keepalive_timeout"),
            Disconnect("dev/1", t0 + 400_000, "keepalive_timeout"),
            Disconnect("dev-2", t0 + 401_000, "keepalive_timeout"),
            Disconnect("dev-3", t0 + 3_599_999, "not_authorized"));

        var raw = await _http.GetStringAsync("/api/reasons?from=2025-06-10T10:00:00Z&to=2025-06-10T11:00:00Z&bucket=PT5M");
        var series = JsonSerializer.Deserialize<ReasonSeriesDto>(raw, DashboardApp.Json)!;
        var clients = await _http.GetFromJsonAsync<ReasonClientDto[]>(
            "/api/reasons/keepalive_timeout/clients?from=2025-06-10T10:00:00Z&to=2025-06-10T11:00:00Z", DashboardApp.Json);

        Assert.Contains("\"keepalive_timeout\":", raw);
        Assert.Equal("history", series.Source);
        Assert.Equal(300, series.BucketSeconds);
        Assert.Equal(12, series.Buckets.Count);
        Assert.Equal(1, series.Buckets[0].Counts["keepalive_timeout"]);
        Assert.Equal(1, series.Buckets[0].Connects);
        Assert.Equal(2, series.Buckets[1].Counts["keepalive_timeout"]);
        Assert.Equal(1, series.Buckets[11].Counts["not_authorized"]);
        Assert.Null(series.Buckets[0].Online);
        Assert.Equal(["dev/1", "dev-2"], clients!.Select(c => c.ClientId));
        Assert.Equal([2L, 1], clients!.Select(c => c.Count));
    }

    [Theory]
    [InlineData("from=2025-06-01T00:00:00Z&to=2025-06-08T00:00:00Z&bucket=1m", "at most 500")]
    [InlineData("bucket=soon", "must be whole seconds")]
    [InlineData("bucket=0", "must be whole seconds")]
    public async Task Bad_buckets_are_a_validation_problem(string query, string message)
    {
        var response = await _http.GetAsync("/api/reasons?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_history_old_ranges_and_client_lists_are_404_and_the_live_window_still_works()
    {
        await DisposeAsync();
        await StartAsync("none");

        var old = await _http.GetAsync("/api/reasons?from=2025-06-10T10:00:00Z&to=2025-06-10T11:00:00Z");
        var clients = await _http.GetAsync("/api/reasons/normal/clients");
        var live = await _http.GetFromJsonAsync<ReasonSeriesDto>("/api/reasons?bucket=5m", DashboardApp.Json);

        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        Assert.Contains("History is off", await old.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, clients.StatusCode);
        Assert.Equal("live", live!.Source);
    }

    [Fact]
    public async Task Without_history_a_disabled_store_is_registered_and_every_history_endpoint_is_the_same_404()
    {
        await DisposeAsync();
        await StartAsync("none");

        Assert.False(_app.Services.GetRequiredService<IHistoryStore>().IsEnabled);
        foreach (var path in new[] { "/api/events/export", "/api/clients/dev-1/events", "/api/ingest/dead-letters", "/api/reasons/normal/clients" })
        {
            var response = await _http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("History is off", await response.Content.ReadAsStringAsync());
        }
    }

    private Task StartAsync(string history)
    {
        _app = new DashboardApp(new Dictionary<string, string?> { ["Mqtt:Enabled"] = "false", ["History:Provider"] = history });
        _app.StartServer();
        _http = _app.CreateClient();
        return Task.CompletedTask;
    }

    private static string Connect(string clientId, long atMs) =>
        $$"""{"event":"client.connected","clientid":"{{clientId}}","connected_at":{{atMs}},"peername":"10.0.0.1:4000"}""";

    private static string Disconnect(string clientId, long atMs, string reason) =>
        $$"""{"event":"client.disconnected","clientid":"{{clientId}}","disconnected_at":{{atMs}},"peername":"10.0.0.1:4000","reason":"{{reason}}"}""";

    private async Task PostAsync(params string[] events)
    {
        var response = await _app.PostToWebhookAsync(string.Join("\n", events));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
