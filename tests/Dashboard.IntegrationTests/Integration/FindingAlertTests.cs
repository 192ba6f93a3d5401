using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Dashboard.Api;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Dashboard.Tests.Integration;

/// <summary>Findings are POSTed to Alerts:Url when they open and when they resolve.</summary>
public sealed class FindingAlertTests
{
    [Fact]
    public async Task A_conflict_is_posted_when_it_opens_and_again_when_it_resolves()
    {
        var received = new ConcurrentQueue<JsonElement>();
        var receiverPort = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{receiverPort}");
        await using var receiver = builder.Build();
        receiver.MapPost("/alerts", async (HttpRequest request) =>
        {
            received.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
            return Results.Ok();
        });
        await receiver.StartAsync();

        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Alerts:Url"] = $"http://127.0.0.1:{receiverPort}/alerts",
            ["Conflicts:Window"] = "00:00:03",
        });
        app.StartServer();

        // Two devices take "shared-1" from each other four times, within the window.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var lines = new List<string>();
        for (var i = 0; i <= 4; i++)
        {
            var ip = i % 2 == 0 ? "10.0.0.2" : "10.0.0.3";
            if (i > 0)
            {
                var previousIp = i % 2 == 0 ? "10.0.0.3" : "10.0.0.2";
                lines.Add($$"""{"event":"client.disconnected","clientid":"shared-1","reason":"takenover","peername":"{{previousIp}}:{{40000 + i - 1}}","connected_at":{{now + ((i - 1) * 100)}},"disconnected_at":{{now + (i * 100)}}}""");
            }

            lines.Add($$"""{"event":"client.connected","clientid":"shared-1","peername":"{{ip}}:{{40000 + i}}","connected_at":{{now + (i * 100)}}}""");
        }

        (await app.PostToWebhookAsync(string.Join("\n", lines))).EnsureSuccessStatusCode();

        var opened = await Eventually.HoldsAsync(() => Task.FromResult(received.ToArray()), r => r.Length >= 1, "the opening alert arrived");
        Assert.Equal("opened", opened[0].GetProperty("event").GetString());
        Assert.Equal("shared-1", opened[0].GetProperty("finding").GetProperty("clientId").GetString());
        Assert.Equal("clientid-conflict", opened[0].GetProperty("finding").GetProperty("kind").GetString());

        var both = await Eventually.HoldsAsync(() => Task.FromResult(received.ToArray()), r => r.Length >= 2, "the resolving alert arrived", TimeSpan.FromSeconds(20));
        Assert.Equal("resolved", both[1].GetProperty("event").GetString());
        Assert.Equal("resolved", both[1].GetProperty("finding").GetProperty("state").GetString());
    }
}
