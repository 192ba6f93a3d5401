using System.Net;
using System.Text.Json;
using Dashboard.Tests.Integration.Auth;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration.Health;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c> on the real app over real HTTP, with each history provider,
/// anonymous in token mode, and through a PostgreSQL outage and its return.
/// </summary>
public sealed class HealthEndpointTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task With_sqlite_both_probes_answer_200_with_each_check_named()
    {
        await using var app = Start(new Dictionary<string, string?>());
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        var (live, liveBody) = await GetAsync(http, "/healthz");
        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal("Healthy", liveBody.GetProperty("status").GetString());
        Assert.Equal(0, liveBody.GetProperty("checks").GetArrayLength());

        var (ready, readyBody) = await GetAsync(http, "/readyz");
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal("Healthy", readyBody.GetProperty("status").GetString());
        var checks = Checks(readyBody);
        Assert.Equal(["history", "history-writes", "lifecycle"], checks.Keys.Order().ToArray());
        Assert.Equal(("Healthy", "sqlite readable"), checks["history"]);
        Assert.Equal(("Healthy", "writing"), checks["history-writes"]);
        Assert.Equal(("Healthy", "running"), checks["lifecycle"]);
    }

    [Fact]
    public async Task With_history_off_the_store_check_says_not_kept()
    {
        await using var app = Start(new Dictionary<string, string?> { ["History:Provider"] = "none" });
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        var (ready, body) = await GetAsync(http, "/readyz");

        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal(("Healthy", "not kept (History:Provider none)"), Checks(body)["history"]);
    }

    [Fact]
    public async Task With_postgres_readyz_is_503_while_the_server_is_down_and_200_once_it_is_back()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var app = Start(new Dictionary<string, string?>
        {
            ["History:Provider"] = "postgres",
            ["History:ConnectionString"] = connectionString,
        });
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        var (before, beforeBody) = await GetAsync(http, "/readyz");
        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal("Healthy", Checks(beforeBody)["history"].Status);

        await postgres.StopAsync();
        try
        {
            var (down, downBody) = await GetAsync(http, "/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
            Assert.Equal("Unhealthy", downBody.GetProperty("status").GetString());
            Assert.Equal(("Unhealthy", "unavailable"), Checks(downBody)["history"]);

            // Nothing of the connection or the error reaches an anonymous caller.
            var raw = downBody.GetRawText();
            Assert.DoesNotContain("127.0.0.1", raw, StringComparison.Ordinal);
            Assert.DoesNotContain(postgres.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), raw, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", raw, StringComparison.Ordinal);

            // The process itself is alive: liveness does not depend on the store.
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/healthz")).Status);
        }
        finally
        {
            await postgres.StartAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode after;
        do
        {
            (after, _) = await GetAsync(http, "/readyz");
        }
        while (after != HttpStatusCode.OK && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task In_token_mode_both_probes_are_anonymous()
    {
        await using var auth = AuthApp.Start();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = auth.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/healthz")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/readyz")).Status);

        // The probes open nothing else: the API still wants a key.
        using var api = await http.GetAsync("/api/clients");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Probes_are_not_rate_limited_like_the_api()
    {
        await using var app = Start(new Dictionary<string, string?> { ["Api:RateLimit:PermitsPerSecond"] = "1", ["Api:RateLimit:Burst"] = "1" });
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/readyz")).Status);
        }
    }

    private static DashboardApp Start(Dictionary<string, string?> settings)
    {
        settings["Mqtt:Enabled"] = "false";
        var app = new DashboardApp(settings);
        app.StartServer();
        return app;
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    private static Dictionary<string, (string Status, string? Description)> Checks(JsonElement body) =>
        body.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => (c.GetProperty("status").GetString()!, c.GetProperty("description").GetString()));
}
