using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration.Metrics;

/// <summary>With PostgreSQL history, /metrics carries Npgsql's own metrics next to the dashboard's.</summary>
[Collection(MetricsAlone.Name)]
public sealed class PostgresMetricsTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Npgsql_metrics_are_exported_with_postgres_history()
    {
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["History:Provider"] = "postgres",
            ["History:ConnectionString"] = await postgres.CreateDatabaseAsync(),
        });
        app.StartServer();
        using (var response = await app.PostToWebhookAsync("""{"event":"client.connected","clientid":"pg-1","username":"u","peername":"10.1.1.1:1000","connected_at":1749551400125}"""))
        {
            Assert.True(response.IsSuccessStatusCode, $"webhook answered {response.StatusCode}");
        }

        using var http = app.CreateClient();
        var samples = await Eventually.HoldsAsync(
            async () => PrometheusText.Parse(await http.GetStringAsync("/metrics")),
            s => s.Any(x => x.Name == "dashboard_history_write_duration_seconds_count"),
            "the event was written to PostgreSQL");

        var npgsql = samples.Where(s => s.Name.StartsWith("db_client_", StringComparison.Ordinal)).Select(s => s.Name).Distinct().ToArray();
        Assert.NotEmpty(npgsql);
        Assert.Equal(1, samples.Value("dashboard_events_accepted_total"));
    }
}
