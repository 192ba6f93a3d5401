using System.Collections.Concurrent;
using System.Net.Http.Json;
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

        (await app.PostToWebhookAsync(WebhookLines.Swaps("shared-1", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();

        var opened = await Eventually.HoldsAsync(() => Task.FromResult(received.ToArray()), r => r.Length >= 1, "the opening alert arrived");
        Assert.Equal("opened", opened[0].GetProperty("event").GetString());
        Assert.Equal("shared-1", opened[0].GetProperty("finding").GetProperty("clientId").GetString());
        Assert.Equal("clientid-conflict", opened[0].GetProperty("finding").GetProperty("kind").GetString());

        var both = await Eventually.HoldsAsync(() => Task.FromResult(received.ToArray()), r => r.Length >= 2, "the resolving alert arrived", TimeSpan.FromSeconds(20));
        Assert.Equal("resolved", both[1].GetProperty("event").GetString());
        Assert.Equal("resolved", both[1].GetProperty("finding").GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_acknowledged_conflict_is_posted_again_only_when_it_doubles_and_when_it_resolves()
    {
        var received = new ConcurrentQueue<JsonElement>();
        await using var receiver = await StartReceiverAsync(received);
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Alerts:Url"] = $"{receiver.Urls.Single()}/alerts",
            ["Conflicts:Window"] = "00:00:03",
        });
        app.StartServer();
        using var http = app.CreateClient();

        var start = DateTimeOffset.UtcNow;
        (await app.PostToWebhookAsync(WebhookLines.Swaps("shared-1", start))).EnsureSuccessStatusCode();
        var opened = await Eventually.HoldsAsync(() => Task.FromResult(received.ToArray()), r => r.Length >= 1, "the opening alert arrived");
        var key = opened[0].GetProperty("finding").GetProperty("key").GetString();
        (await http.PostAsJsonAsync($"/api/conflicts/{key}/acknowledge", new { note = "known" })).EnsureSuccessStatusCode();

        // The same two devices keep fighting until the count has more than doubled.
        for (var batch = 1; batch <= 3; batch++)
        {
            (await app.PostToWebhookAsync(WebhookLines.Swaps("shared-1", start.AddSeconds(batch)))).EnsureSuccessStatusCode();
        }

        var all = await Eventually.HoldsAsync(() => Task.FromResult(received.ToArray()), r => r.Length >= 3, "the re-opening and resolving alerts arrived", TimeSpan.FromSeconds(20));
        Assert.Equal(["opened", "reopened", "resolved"], all.Select(a => a.GetProperty("event").GetString()));
        Assert.True(all[1].GetProperty("finding").GetProperty("acknowledgement").GetProperty("reopened").GetBoolean());
    }

    /// <summary>An alert receiver on a free port that keeps every body it is posted.</summary>
    internal static async Task<WebApplication> StartReceiverAsync(ConcurrentQueue<JsonElement> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePort.Next()}");
        var receiver = builder.Build();
        receiver.MapPost("/alerts", async (HttpRequest request) =>
        {
            received.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
            return Results.Ok();
        });
        await receiver.StartAsync();
        return receiver;
    }
}
