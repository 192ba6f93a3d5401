using System.Globalization;
using System.Net;
using Dashboard.Api;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration.Metrics;

/// <summary>
/// /metrics from the real app, fed through a real mosquitto and the webhook, against
/// /api/ingest/status and the client list: the two views must show the same numbers.
/// </summary>
[Collection(MetricsAlone.Name)]
public sealed class MetricsTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private DashboardApp _app = null!;
    private EventPublisher _publisher = null!;

    public async Task InitializeAsync()
    {
        _app = new DashboardApp(broker);
        await _app.StartAsync();
        _publisher = await EventPublisher.ConnectAsync(broker);
    }

    public async Task DisposeAsync()
    {
        await _publisher.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_agree_with_the_ingest_status_per_source()
    {
        // MQTT: a connect, the same connect again (a duplicate), a bad payload, and a disconnect.
        await _publisher.PublishAsync("client_connected", Fixtures.Read("client_connected.json"));
        await _publisher.PublishAsync("client_connected", Fixtures.Read("client_connected.json"));
        await _publisher.PublishAsync("client_connected", "{\"clientid\": not json");
        await _publisher.PublishAsync("client_disconnected", Fixtures.Read("client_disconnected_normal.json"));
        // The webhook: two connects of other clients, then two bad bodies (each answered 400).
        using (var good = await _app.PostToWebhookAsync(Connect("hook-1") + "\n" + Connect("hook-2"), "application/x-ndjson"))
        {
            Assert.True(good.IsSuccessStatusCode, $"webhook answered {good.StatusCode}");
        }

        foreach (var bad in new[] { "{broken", "{\"clientid\": \"x\"," })
        {
            using var response = await _app.PostToWebhookAsync(bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var status = await Eventually.HoldsAsync(
            _app.GetIngestStatusAsync,
            s => s.Received == 8 && s.Accepted + s.Duplicates + s.ParseFailures == s.Received,
            "every payload was received and handled");
        var metrics = await ScrapeAsync();

        Assert.Equal(status.Accepted, metrics.Value("dashboard_events_accepted_total"));
        Assert.Equal(status.Duplicates, metrics.Value("dashboard_events_duplicates_total"));
        Assert.Equal(1, status.Duplicates);
        foreach (var source in status.Sources)
        {
            Assert.Equal(source.Received, metrics.Value("dashboard_events_received_total", ("source", source.Name)));
            Assert.Equal(source.ParseFailures, metrics.Value("dashboard_events_parse_failures_total", ("source", source.Name)));
            Assert.Equal(source.State == Core.Ingestion.IngestSourceState.Connected ? 1 : 0, metrics.Value("dashboard_source_connected", ("source", source.Name)));
        }

        Assert.Equal(4, status.Sources.Single(s => s.Name == "mqtt").Received);
        Assert.Equal(2, status.Sources.Single(s => s.Name == "webhook").ParseFailures);
        Assert.Equal(status.Received, metrics.Named("dashboard_events_received_total").Sum(s => s.Value));
        Assert.Equal(status.ParseFailures, metrics.Named("dashboard_events_parse_failures_total").Sum(s => s.Value));
        Assert.Equal(status.Backlog, metrics.Value("dashboard_ingest_backlog"));
        Assert.Equal(status.History.WriteFailures, metrics.Value("dashboard_history_write_failures_total"));

        var online = await _app.GetClientsAsync();
        var known = await _app.GetClientsAsync("?state=all");
        Assert.Equal(2, online.Total);
        Assert.Equal(online.Total, metrics.Value("dashboard_clients_online"));
        Assert.Equal(known.Total, metrics.Value("dashboard_clients_known"));
        Assert.Equal(3, metrics.Value("dashboard_connects_total"));
        Assert.Equal(1, metrics.Value("dashboard_disconnects_total", ("reason", "normal")));
        Assert.Equal(0, metrics.Value("dashboard_findings_active", ("kind", "clientid-conflict")));
        Assert.Equal(0, metrics.Value("dashboard_findings_active", ("kind", "refused-connections")));

        // History wrote the accepted events, and timed each write.
        Assert.True(metrics.Value("dashboard_history_write_duration_seconds_count") >= 1);
        Assert.True(metrics.Value("dashboard_history_write_duration_seconds_bucket", ("le", "+Inf")) >= 1);
    }

    [Fact]
    public async Task Disconnect_reasons_beyond_64_count_as_other()
    {
        const int reasons = 70;
        for (var i = 0; i < reasons; i++)
        {
            await _publisher.PublishAsync("client_disconnected", Disconnect($"cap-{i}", $"reason_{i:D2}"));
        }

        await Eventually.HoldsAsync(_app.GetIngestStatusAsync, s => s.Accepted == reasons, "every disconnect was applied");
        var disconnects = (await ScrapeAsync()).Named("dashboard_disconnects_total");

        Assert.Equal(65, disconnects.Count);
        Assert.Equal(reasons, disconnects.Sum(s => s.Value));
        Assert.Equal(reasons - 64, disconnects.Single(s => s.Labels["reason"] == "other").Value);
        Assert.All(disconnects.Where(s => s.Labels["reason"] != "other"), s => Assert.Equal(1, s.Value));
    }

    [Fact]
    public async Task Refused_connects_are_counted_per_reason_code_as_the_ingest_status_says()
    {
        string[] codes = ["bad_username_or_password", "bad_username_or_password", "banned", "server_busy"];
        var body = string.Join("\n", codes.Select((code, i) =>
            $$"""{"event":"client.connack","clientid":"refused-{{i}}","reason_code":"{{code}}","peername":"10.2.0.{{i}}:1000","timestamp":1749551400200}""")
            .Append("""{"event":"client.connack","clientid":"welcome","reason_code":"success","peername":"10.2.0.9:1000","timestamp":1749551400200}"""));
        using (var response = await _app.PostToWebhookAsync(body, "application/x-ndjson"))
        {
            Assert.True(response.IsSuccessStatusCode, $"webhook answered {response.StatusCode}");
        }

        var status = await _app.GetIngestStatusAsync();
        var refused = (await ScrapeAsync()).Named("dashboard_connects_refused_total");

        Assert.Equal(
            [("bad_username_or_password", 2.0), ("banned", 1.0), ("server_busy", 1.0)],
            refused.Select(s => (s.Labels["reason_code"], s.Value)).Order());
        Assert.All(refused, s => Assert.Equal(status.Access.Refused[s.Labels["reason_code"]], s.Value));
        Assert.Equal(1, status.Access.ConnackSuccesses);
    }

    [Fact]
    public async Task Live_hub_connections_are_counted_while_open()
    {
        Assert.Equal(0, (await ScrapeAsync()).Value("dashboard_hub_connections"));
        await using (var hub = _app.CreateHubConnection())
        {
            await hub.StartAsync();
            await Eventually.HoldsAsync(ScrapeAsync, m => m.Value("dashboard_hub_connections") == 1, "the hub connection is counted");
        }

        await Eventually.HoldsAsync(ScrapeAsync, m => m.Value("dashboard_hub_connections") == 0, "the closed connection is no longer counted");
        Assert.Equal(0, (await ScrapeAsync()).Value("dashboard_circuits_active"));
    }

    private async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync()
    {
        using var http = _app.CreateClient();
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private static string Connect(string clientId) =>
        $$"""{"event":"client.connected","clientid":"{{clientId}}","username":"u","peername":"10.1.2.3:4000","connected_at":1749551400125}""";

    private static string Disconnect(string clientId, string reason) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"event":"client.disconnected","clientid":"{{clientId}}","username":"u","reason":"{{reason}}","peername":"10.1.2.3:4000","connected_at":1749551400125,"disconnected_at":1749551460125}""");
}
