using Dashboard.Tests.Integration.Auth;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration.Metrics;

/// <summary>
/// A real Prometheus scrapes the real app with a viewer API key, as a platform team would set it
/// up, and its query API finds the events this test published through mosquitto.
/// </summary>
[Collection(MetricsAlone.Name)]
public sealed class PrometheusScrapeTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    [Fact]
    public async Task Prometheus_scrapes_metrics_with_a_viewer_key_and_finds_the_published_events()
    {
        await using var app = new DashboardApp(broker, new Dictionary<string, string?>
        {
            ["Auth:Mode"] = "token",
            ["Auth:Token"] = AuthApp.Token,
            ["Auth:ApiKeys:prometheus:Key"] = AuthApp.ViewerKey,
            ["Auth:ApiKeys:prometheus:Role"] = "viewer",
        });
        app.StartServer();
        await using var publisher = await EventPublisher.ConnectAsync(broker);
        await using var prometheus = PrometheusServer.Start(app.BaseAddress, AuthApp.ViewerKey);

        // Published once the MQTT source is up (the API needs the key now that sign-in is on).
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AuthApp.ViewerKey);
        await Eventually.HoldsAsync(
            () => http.GetStringAsync("/metrics"),
            text => PrometheusText.Parse(text).Value("dashboard_source_connected", ("source", "mqtt")) == 1,
            "the MQTT source is connected");
        const int published = 25;
        for (var i = 0; i < published; i++)
        {
            await publisher.PublishAsync("client_connected",
                $$"""{"event":"client.connected","clientid":"prom-{{i}}","username":"u","peername":"10.9.8.7:1000","connected_at":1749551400125}""");
        }

        // Polled by hand rather than with Eventually, to say what Prometheus saw when it fails.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        IReadOnlyList<double> found;
        while ((found = await prometheus.QueryAsync("dashboard_events_accepted_total")) is not [published])
        {
            Assert.True(DateTime.UtcNow < deadline, $"Prometheus found [{string.Join(", ", found)}], not {published}.\nTargets: {await prometheus.TargetsAsync()}\nLog:\n{prometheus.Log}");
            await Task.Delay(250);
        }

        var online = await prometheus.QueryAsync("dashboard_clients_online");
        Assert.Equal([published], online);
    }
}
