using System.Net;
using System.Text.Json;
using Dashboard.Core.Emqx;
using Dashboard.Demo.Api;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Emqx;

/// <summary><c>GET /api/emqx/status</c>, off and on (against a stand-alone demo API).</summary>
public sealed class EmqxStatusApiTests
{
    [Fact]
    public async Task Off_says_so_and_how_to_turn_it_on()
    {
        await using var app = new DashboardApp(new Dictionary<string, string?> { ["Mqtt:Enabled"] = "false" });
        using var http = app.CreateClient();

        using var json = await GetStatusAsync(http);

        var root = json.RootElement;
        Assert.False(root.GetProperty("apiOn").GetBoolean());
        Assert.Contains("Emqx:ApiUrl", root.GetProperty("howToTurnOn").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reachable").ValueKind);
        Assert.Equal(0, root.GetProperty("nodes").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("queue").ValueKind);
        Assert.Equal(0, root.GetProperty("droppedUnrepaired").GetInt64());
    }

    [Fact]
    public async Task On_it_shows_the_version_nodes_own_queue_and_unrepaired_drops()
    {
        const string own = "dashboard-status-test";
        var table = new SyntheticClientTable(10, DateTimeOffset.UtcNow);
        Assert.True(table.Add(new DemoClient(own, null, "127.0.0.1", 40_000, DateTimeOffset.UtcNow, 60, false, 3600, 5)));
        table.SetQueue(own, new SessionQueueFigures(3, 1000, 4, 1, 32));
        await using var api = await DemoEmqxApi.StartAsync(new DemoApiSettings { ApiKey = "k", ApiSecret = "status-secret" }, table, null, TimeProvider.System, CancellationToken.None);
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Mqtt:ClientId"] = own,
            ["Emqx:ApiUrl"] = api.Url.ToString(),
            ["Emqx:ApiKey"] = "k",
            ["Emqx:ApiSecret"] = "status-secret",
            ["Emqx:QueuePollInterval"] = "00:00:01",
            ["Emqx:ReconcileInterval"] = "00:00:00",
        });
        using var http = app.CreateClient();

        using var first = await Eventually.HoldsAsync(() => GetStatusAsync(http), j => j.RootElement.GetProperty("reachable").ValueKind == JsonValueKind.True, "reachable");
        var root = first.RootElement;
        Assert.True(root.GetProperty("apiOn").GetBoolean());
        Assert.False(root.TryGetProperty("howToTurnOn", out _));
        Assert.Equal("5.8.9", root.GetProperty("version").GetString());
        var node = root.GetProperty("nodes")[0];
        Assert.Equal("demo@127.0.0.1", node.GetProperty("name").GetString());
        Assert.Equal("running", node.GetProperty("status").GetString());
        var queue = root.GetProperty("queue");
        Assert.Equal(3, queue.GetProperty("mqueueLen").GetInt64());
        Assert.Equal(1000, queue.GetProperty("mqueueMax").GetInt64());
        Assert.Equal(4, queue.GetProperty("mqueueDropped").GetInt64());
        Assert.Equal(1, queue.GetProperty("inflightCnt").GetInt64());
        Assert.Equal(32, queue.GetProperty("inflightMax").GetInt64());
        Assert.Equal(0, root.GetProperty("droppedUnrepaired").GetInt64());

        // The API being on, the start-up reconcile runs and its figures join the status.
        using var reconciled = await Eventually.HoldsAsync(() => GetStatusAsync(http), j => j.RootElement.GetProperty("lastReconcile").ValueKind == JsonValueKind.Object, "the start-up reconcile");
        var last = reconciled.RootElement.GetProperty("lastReconcile");
        Assert.Equal("startup", last.GetProperty("trigger").GetString());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("error").ValueKind);
        Assert.Equal(1, last.GetProperty("pages").GetInt32());

        table.SetQueue(own, new SessionQueueFigures(1000, 1000, 24, 32, 32));

        using var later = await Eventually.HoldsAsync(() => GetStatusAsync(http), j => j.RootElement.GetProperty("droppedUnrepaired").GetInt64() == 20, "20 drops unrepaired");
        Assert.DoesNotContain("status-secret", later.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> GetStatusAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/api/emqx/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
