using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Actions;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Dashboard.Tests.TwoInstances;

/// <summary>
/// Two real app hosts on one PostgreSQL database, each fed the same events (as two full subscribers
/// are): what an operator does on one is in force on the other, without a restart, through
/// PostgreSQL's LISTEN/NOTIFY; and it goes on after PostgreSQL restarts.
/// </summary>
public sealed class SharedActionsTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_acknowledgement_on_one_instance_is_in_force_on_the_other_with_its_audit_row_until_its_finding_resolves()
    {
        var database = await server.CreateDatabaseAsync();

        // A forgets a quiet finding sooner than B, so the end seen on B can only have come from A.
        await using var a = StartApp(database, window: "00:00:15");
        await using var b = StartApp(database);
        var bAuditSignals = 0;
        b.Services.GetRequiredService<AuditLog>().Appended += () => Interlocked.Increment(ref bAuditSignals);
        using var httpA = a.CreateClient();
        using var httpB = b.CreateClient();
        var events = WebhookLines.Swaps("shared-1", DateTimeOffset.UtcNow);
        (await a.PostToWebhookAsync(events)).EnsureSuccessStatusCode();
        (await b.PostToWebhookAsync(events)).EnsureSuccessStatusCode();
        var key = (await FindingAsync(httpA, "shared-1", f => true)).GetProperty("key").GetString()!;
        Assert.Equal(JsonValueKind.Null, (await FindingAsync(httpB, "shared-1", f => true)).GetProperty("acknowledgement").ValueKind);
        var signalsBefore = Volatile.Read(ref bAuditSignals);

        // Whatever else arrives on the channel (another version, a stray NOTIFY) stops nothing.
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var stray = new NpgsqlCommand("SELECT pg_notify('dashboard_actions', 'garbage'), pg_notify('dashboard_actions', 'v9|ack|x|' || repeat('x', 7000))", connection);
            await stray.ExecuteNonQueryAsync();
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using (var response = await httpA.PostAsJsonAsync($"/api/conflicts/{key}/acknowledge", new { note = "Replacing the modem" }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var shown = await FindingAsync(httpB, "shared-1", f => f.GetProperty("acknowledgement").ValueKind == JsonValueKind.Object);
        output.WriteLine($"Acknowledged on A, shown by B's API {watch.ElapsedMilliseconds} ms after the POST was sent (polled every 50 ms)");
        Assert.Equal("Replacing the modem", shown.GetProperty("acknowledgement").GetProperty("note").GetString());
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref bAuditSignals)), n => n > signalsBefore, "B's Audit page is told of A's row", Patience);
        var row = Assert.Single((await httpB.GetFromJsonAsync<JsonElement[]>("/api/audit"))!);
        Assert.Equal(("acknowledge", "clientid-conflict shared-1"), (row.GetProperty("action").GetString(), row.GetProperty("target").GetString()));

        // A's finding goes quiet and resolves, which ends the acknowledgement there and in the
        // database; B still sees the finding active, and no longer acknowledged.
        await FindingAsync(httpA, "shared-1", f => f.GetProperty("state").GetString() == "resolved", "?state=resolved");
        var onB = await FindingAsync(httpB, "shared-1", f => f.GetProperty("acknowledgement").ValueKind == JsonValueKind.Null);
        Assert.Equal("active", onB.GetProperty("state").GetString());
    }

    [Fact]
    public async Task After_PostgreSQL_restarts_acknowledgements_reach_the_other_instance_again()
    {
        var database = await server.CreateDatabaseAsync();
        var bLog = new LogCapture();
        await using var a = StartApp(database);
        var b = StartApp(database, log: bLog);
        int lost;
        try
        {
            using var httpA = a.CreateClient();
            using var httpB = b.CreateClient();
            var events = WebhookLines.Swaps("shared-2", DateTimeOffset.UtcNow);
            (await a.PostToWebhookAsync(events)).EnsureSuccessStatusCode();
            (await b.PostToWebhookAsync(events)).EnsureSuccessStatusCode();
            var key = (await FindingAsync(httpA, "shared-2", f => true)).GetProperty("key").GetString()!;
            await FindingAsync(httpB, "shared-2", f => true);

            await server.StopAsync();
            await server.StartAsync();

            // The test's own pooled admin connection (CreateDatabaseAsync's) died too; the apps are left to cope.
            using (var admin = new NpgsqlConnection(server.AdminConnectionString))
            {
                NpgsqlConnection.ClearPool(admin);
            }

            // A's pooled connections died with the server: the first tries may fail, then one succeeds.
            await Eventually.HoldsAsync(
                async () =>
                {
                    using var response = await httpA.PostAsJsonAsync($"/api/conflicts/{key}/acknowledge", new { note = "after the restart" });
                    return response.StatusCode;
                },
                status => status == HttpStatusCode.OK,
                "A stores an acknowledgement after PostgreSQL's restart",
                Patience);

            await FindingAsync(httpB, "shared-2", f => f.GetProperty("acknowledgement").ValueKind == JsonValueKind.Object);

            // B may have found that one by reloading on reconnect; this one it can only hear of.
            using (var again = await httpA.PostAsJsonAsync($"/api/conflicts/{key}/acknowledge", new { note = "heard live" }))
            {
                Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            }

            await FindingAsync(httpB, "shared-2", f => f.GetProperty("acknowledgement").GetProperty("note").GetString() == "heard live");

            // B lost its listening connection once, said so, and listened again; its stop adds no warning.
            Assert.Equal(2, bLog.Lines.Count(l => l.Contains("Listening for other instances' acknowledgements", StringComparison.Ordinal)));
            lost = bLog.Lines.Count(l => l.Contains("Listening for other instances' actions stopped", StringComparison.Ordinal));
            Assert.InRange(lost, 1, 5);
        }
        finally
        {
            await b.DisposeAsync();
        }

        Assert.Equal(lost, bLog.Lines.Count(l => l.Contains("Listening for other instances' actions stopped", StringComparison.Ordinal)));
    }

    /// <summary>An instance on the shared PostgreSQL, no MQTT (also for the groups and maintenance sharing tests).</summary>
    internal static DashboardApp StartApp(string connectionString, string? window = null, LogCapture? log = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["History:Provider"] = "postgres",
            ["History:ConnectionString"] = connectionString,
        };
        if (window is not null)
        {
            settings["Conflicts:Window"] = window;
        }

        var app = new DashboardApp(settings)
        {
            TestServices = services =>
            {
                if (log is not null)
                {
                    services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log);
                }
            },
        };
        app.StartServer();
        return app;
    }

    private static Task<JsonElement> FindingAsync(HttpClient http, string clientId, Func<JsonElement, bool> condition, string query = "") => Eventually.HoldsAsync(
        async () => (await http.GetFromJsonAsync<JsonElement[]>("/api/conflicts" + query))!.FirstOrDefault(f => f.GetProperty("clientId").GetString() == clientId),
        f => f.ValueKind == JsonValueKind.Object && condition(f),
        $"the finding for {clientId} on {http.BaseAddress} holds",
        Patience);
}
