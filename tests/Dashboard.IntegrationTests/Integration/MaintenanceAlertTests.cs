using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary>
/// Through the real app (webhook in, Alerts:Url out): during a window on <c>plant-3/*</c>, a mass disconnect and a
/// client-ID conflict of plant-3 clients POST nothing, while the same of plant-4 clients, sent after them, alert as usual.
/// </summary>
public sealed class MaintenanceAlertTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("dashboard-maint-alerts-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task No_alert_is_posted_for_clients_in_a_window_and_others_alert_as_usual()
    {
        var received = new ConcurrentQueue<JsonElement>();
        await using var receiver = await FindingAlertTests.StartReceiverAsync(received);
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["History:Provider"] = "sqlite",
            ["History:DataDirectory"] = _dataDirectory,
            ["Alerts:Url"] = $"{receiver.Urls.Single()}/alerts",
            ["Conflicts:Window"] = "00:00:03",
        });
        app.StartServer();
        using var http = app.CreateClient();
        var now = DateTimeOffset.UtcNow;
        using (var created = await http.PostAsJsonAsync("/api/maintenance", new { scope = "clientIdPattern", target = "plant-3/*", from = now.AddMinutes(-1).ToString("O"), to = now.AddHours(1).ToString("O"), note = "rollout" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // In scope first, so that their alerts, were there any, would be queued before the others'.
        (await app.PostToWebhookAsync(Drops("plant-3/dev-", now))).EnsureSuccessStatusCode();
        (await app.PostToWebhookAsync(WebhookLines.Swaps("plant-3/shared", now))).EnsureSuccessStatusCode();
        (await app.PostToWebhookAsync(Drops("plant-4/dev-", now))).EnsureSuccessStatusCode();
        (await app.PostToWebhookAsync(WebhookLines.Swaps("plant-4/shared", now))).EnsureSuccessStatusCode();

        await Eventually.HoldsAsync(
            () => Task.FromResult(received.ToArray()),
            r => r.Any(a => a.TryGetProperty("incident", out _)) && r.Any(a => a.TryGetProperty("finding", out var f) && f.GetProperty("clientId").GetString() == "plant-4/shared"),
            "plant-4's incident and conflict alerted",
            TimeSpan.FromSeconds(30));

        // plant-3's conflict is found (and resolves after the 3 s window) but never posted, opened or resolved.
        var conflicts = await Eventually.HoldsAsync(
            async () => (await http.GetFromJsonAsync<JsonElement[]>("/api/conflicts?state=resolved"))!,
            r => r.Any(f => f.GetProperty("clientId").GetString() == "plant-3/shared"),
            "plant-3's conflict was found and resolved",
            TimeSpan.FromSeconds(30));
        Assert.NotEmpty(conflicts);
        Assert.True(conflicts.Single(f => f.GetProperty("clientId").GetString() == "plant-3/shared").GetProperty("duringMaintenance").GetBoolean());
        await Eventually.HoldsAsync(
            () => Task.FromResult(received.ToArray()),
            r => r.Any(a => a.GetProperty("event").GetString() == "resolved" && a.TryGetProperty("finding", out var f) && f.GetProperty("clientId").GetString() == "plant-4/shared"),
            "plant-4's conflict resolved",
            TimeSpan.FromSeconds(30));

        var posted = string.Join("\n", received.Select(a => a.GetRawText()));
        Assert.DoesNotContain("plant-3/", posted, StringComparison.Ordinal);
        var incident = Assert.Single((await http.GetFromJsonAsync<JsonElement[]>("/api/incidents"))!);
        Assert.DoesNotContain("plant-3/", incident.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>60 clients connected a minute ago dropping with keepalive_timeout, 100 ms apart: over the mass-disconnect threshold of 50.</summary>
    private static string Drops(string prefix, DateTimeOffset start)
    {
        var at = start.ToUnixTimeMilliseconds();
        return string.Join("\n", Enumerable.Range(0, 60).SelectMany(i => new[]
        {
            $$"""{"event":"client.connected","clientid":"{{prefix}}{{i}}","peername":"10.3.0.{{i}}:4{{i:D4}}","connected_at":{{at - 60_000}}}""",
            $$"""{"event":"client.disconnected","clientid":"{{prefix}}{{i}}","reason":"keepalive_timeout","peername":"10.3.0.{{i}}:4{{i:D4}}","connected_at":{{at - 60_000}},"disconnected_at":{{at + (i * 100)}}}""",
        }));
    }
}
