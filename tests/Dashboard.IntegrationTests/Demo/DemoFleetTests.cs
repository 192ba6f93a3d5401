using Dashboard.Tests.Shared;
using System.Globalization;
using Dashboard.Api;
using Dashboard.Demo;
using Dashboard.Simulator.Fleet;
using Dashboard.Simulator.Mqtt;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;

namespace Dashboard.Tests.Demo;

/// <summary>
/// The fleet simulator against the embedded demo broker, read by the dashboard end to end: each
/// profile yields its reason and peers, and after a churn with takeovers the dashboard's online set
/// is exactly the broker's own client list.
/// </summary>
public sealed class DemoFleetTests : IAsyncLifetime
{
    private readonly int _brokerPort = FreePort.Next();
    private DashboardApp _app = null!;
    private EmbeddedBroker _broker = null!;

    public async Task InitializeAsync()
    {
        var settings = DashboardApp.DemoSettings(_brokerPort);
        settings["Mqtt:ClientId"] = "dashboard-under-test";
        _app = new DashboardApp(settings);
        await _app.StartAsync();
        _broker = _app.Services.GetRequiredService<EmbeddedBroker>();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Each_profile_yields_its_reason_and_peers()
    {
        var options = FastFleet(size: 40);
        options.FlakyShare = options.SilentShare = options.BadCredentialsShare = options.KickShare = 0.1;
        options.ProtocolErrorShare = options.ConflictShare = options.ReconnectLoopShare = 0.1;
        var fleet = new FleetSimulator(options);
        using var run = new CancellationTokenSource();
        var running = fleet.RunAsync(run.Token);

        var expected = new Dictionary<string, string>
        {
            ["sim-steady-"] = "normal",
            ["sim-flaky-"] = "tcp_closed",
            ["sim-silent-"] = "keepalive_timeout",
            ["sim-badcreds-"] = "not_authorized",
            ["sim-kick-"] = "kicked",
            ["sim-protoerr-"] = "internal_error",
            ["sim-conflict-"] = "takenover",
            ["sim-reconnect-"] = "takenover",
        };
        var events = await Eventually.HoldsAsync(
            ExportAsync,
            rows => expected.All(p => rows.Any(e => e.ClientId.StartsWith(p.Key, StringComparison.Ordinal) && e.Reason == p.Value))
                && rows.Any(e => e.Reason == "discarded"),
            "every profile has produced its reason",
            TimeSpan.FromSeconds(45));
        await run.CancelAsync();
        await running;

        // Before the fleet was stopped, each profile ended its sessions only its own way.
        var stoppedAt = DateTime.UtcNow.AddSeconds(-1);
        foreach (var (prefix, reason) in expected)
        {
            var endings = events.Where(e => e.ClientId.StartsWith(prefix, StringComparison.Ordinal) && e.Kind == "disconnected" && e.At < stoppedAt);
            var allowed = prefix == "sim-conflict-" ? ["takenover", "discarded"] : new[] { reason };
            Assert.All(endings, e => Assert.Contains(e.Reason, allowed));
        }

        // Two devices on two hosts share each conflict ID; the reconnect loop is one host, new ports.
        var conflictPeers = events.Where(e => e.ClientId.StartsWith("sim-conflict-", StringComparison.Ordinal)).GroupBy(e => e.ClientId);
        Assert.All(conflictPeers, g => Assert.Equal(["127.0.0.2", "127.0.0.3"], g.Select(e => e.PeerIp).Distinct().Order()));
        var loop = events.Where(e => e.ClientId.StartsWith("sim-reconnect-", StringComparison.Ordinal) && e.Kind == "connected").GroupBy(e => e.ClientId).First();
        Assert.Single(loop.Select(e => e.PeerIp).Distinct());
        Assert.True(loop.Select(e => e.PeerPort).Distinct().Count() >= 2);
    }

    [Fact]
    public async Task After_a_churn_of_a_thousand_devices_with_takeovers_the_online_set_is_the_brokers()
    {
        var options = FastFleet(size: 1000);
        options.ConflictShare = 0.1;
        options.ReconnectLoopShare = 0.05;
        var fleet = new FleetSimulator(options);
        using var run = new CancellationTokenSource();
        var running = fleet.RunAsync(run.Token);
        await Eventually.HoldsAsync(
            () => Task.FromResult(fleet.Stats.TotalConnects),
            connects => connects >= 2000,
            "the fleet has churned through two thousand connects",
            TimeSpan.FromSeconds(120));

        // Drain the broker: no new connection is accepted, so the fleet only shrinks and settles.
        _broker.SetAcceptingConnections(false);
        var (brokerSet, dashboardSet) = await Eventually.HoldsAsync(
            SnapshotAsync,
            s => s.Broker.SetEquals(s.Dashboard),
            "the dashboard's online set equals the broker's client list",
            TimeSpan.FromSeconds(120));
        await run.CancelAsync();
        await running;

        Assert.Empty(brokerSet.Except(dashboardSet));
        Assert.Empty(dashboardSet.Except(brokerSet));
        Assert.Contains(brokerSet, id => id.StartsWith("sim-conflict-", StringComparison.Ordinal));
        Assert.True(await TakeoversAsync() > 100, "the churn included takeovers");
    }

    private FleetOptions FastFleet(int size) => new()
    {
        Broker = new BrokerOptions { Host = "127.0.0.1", Port = _brokerPort },
        FleetSize = size,
        Seed = 7,
        MeanSessionLength = TimeSpan.FromSeconds(2),
        MeanOfflineTime = TimeSpan.FromMilliseconds(500),
        StartupSpread = TimeSpan.FromSeconds(2),
        ConflictSwapInterval = TimeSpan.FromMilliseconds(600),
        ReconnectLoopInterval = TimeSpan.FromMilliseconds(800),
        SilentKeepaliveSeconds = 1,
        TelemetryInterval = TimeSpan.FromSeconds(1),
        KickAsync = _broker.KickAsync,
    };

    /// <summary>Both sides' online client IDs, without the dashboard's own connection to the broker.</summary>
    private async Task<(HashSet<string> Broker, HashSet<string> Dashboard)> SnapshotAsync()
    {
        var broker = (await _broker.GetConnectedClientIdsAsync()).Where(id => id != "dashboard-under-test").ToHashSet();
        var dashboard = (await _app.GetClientsAsync("?pageSize=1000")).Items.Select(c => c.ClientId).ToHashSet();
        var total = (await _app.GetClientsAsync("?pageSize=1")).Total;
        Assert.True(total <= 1000, "more than a page online: the comparison would miss some");
        return (broker, dashboard);
    }

    private async Task<int> TakeoversAsync()
    {
        var status = await _app.GetIngestStatusAsync();
        Assert.True(status.Accepted > 0);
        return (await ExportAsync()).Count(e => e.Reason is "takenover" or "discarded");
    }

    private async Task<IReadOnlyList<EventDto>> ExportAsync()
    {
        using var http = _app.CreateClient();
        return (await http.GetFromJsonAsync<EventDto[]>("/api/events/export?from=2000-01-01T00:00:00Z", DashboardApp.Json))!;
    }
}
