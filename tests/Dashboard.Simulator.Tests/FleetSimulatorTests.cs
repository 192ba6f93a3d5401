using Dashboard.Tests.Shared;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Simulator.Fleet;
using Dashboard.Simulator.Tests.Infrastructure;
using MQTTnet;

namespace Dashboard.Simulator.Tests;

/// <summary>
/// The fleet against a real mosquitto. mosquitto has no operator kick and does not disconnect on a
/// denied publish; the test kicks by taking the client's session with a connection of its own (the
/// broker closes the device's connection, as a kick does), and checks the rest from the broker's log.
/// </summary>
public sealed partial class FleetSimulatorTests(VerboseMosquittoBroker broker) : IClassFixture<VerboseMosquittoBroker>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Every_profile_makes_real_connections_and_the_fleet_stops_promptly()
    {
        var kicked = new List<string>();
        var simulator = new FleetSimulator(FastFleet(async (clientId, ct) =>
        {
            lock (kicked)
            {
                kicked.Add(clientId);
            }

            await TakeSessionAsync(clientId, ct);
        }));
        Assert.Equal(12, simulator.Plan.Count);

        using var stop = new CancellationTokenSource();
        var run = simulator.RunAsync(stop.Token);
        var stats = simulator.Stats;

        await Poll.UntilAsync(
            () => stats[DeviceProfile.Steady].DisconnectsFor(EmqxReasonNames.Normal) >= 1
                && stats[DeviceProfile.Flaky].DisconnectsFor(EmqxReasonNames.TcpClosed) >= 1
                && stats[DeviceProfile.Silent].DisconnectsFor(EmqxReasonNames.KeepaliveTimeout) >= 1
                && stats[DeviceProfile.ProtocolError].DisconnectsFor(EmqxReasonNames.InternalError) >= 1
                && stats[DeviceProfile.BadCredentials].Connects >= 2
                && stats[DeviceProfile.Kick].DisconnectsFor(EmqxReasonNames.Kicked) >= 1
                && stats[DeviceProfile.Conflict].DisconnectsFor(EmqxReasonNames.TakenOver) >= 2
                && stats[DeviceProfile.Conflict].DisconnectsFor(EmqxReasonNames.Discarded) >= 2
                && stats[DeviceProfile.Steady].Connects >= 2
                && stats[DeviceProfile.ReconnectLoop].DisconnectsFor(EmqxReasonNames.TakenOver) >= 2
                && ForbiddenPublishSeen(),
            Patience,
            () => Describe(stats));

        var stopping = Stopwatch.StartNew();
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"RunAsync took {stopping.Elapsed} to stop");

        // Only the bad-credentials device may complain: mosquitto accepts its bad password and its forbidden publish.
        Assert.All(stats.Snapshot().Where(s => s.Profile != DeviceProfile.BadCredentials), s => Assert.True(s.Errors == 0, $"{s.Profile}: {s.LastError}"));
        Assert.All(kicked, id => Assert.Equal("sim-kick-0001", id));

        var log = broker.Log;
        AssertWireBehaviour(log);
        await AssertEverythingDisconnectedAsync();
    }

    [Fact]
    public async Task Cancelling_during_the_staggered_start_stops_every_device()
    {
        var options = FastFleet(kick: null);
        options.FleetSize = 60;
        options.ClientIdPrefix = "stagger-";
        options.StartupSpread = TimeSpan.FromSeconds(20);
        var simulator = new FleetSimulator(options);
        using var stop = new CancellationTokenSource();
        var run = simulator.RunAsync(stop.Token);

        await Poll.UntilAsync(() => simulator.Stats.TotalConnects >= 3, Patience, () => Describe(simulator.Stats));
        var stopping = Stopwatch.StartNew();
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"RunAsync took {stopping.Elapsed} to stop");
        Assert.True(simulator.Stats.TotalConnects < 60, "the start was still staggered when cancelled");
    }

    private FleetOptions FastFleet(Func<string, CancellationToken, Task>? kick)
    {
        var options = new FleetOptions
        {
            // One device of each profile, two conflict pairs (one takes over, one discards), two steady.
            FleetSize = 12,
            Seed = 11,
            FlakyShare = 1 / 12.0,
            SilentShare = 1 / 12.0,
            BadCredentialsShare = 1 / 12.0,
            KickShare = 1 / 12.0,
            ProtocolErrorShare = 1 / 12.0,
            ConflictShare = 4 / 12.0,
            ReconnectLoopShare = 1 / 12.0,
            Mqtt5Share = 0.5,
            MeanSessionLength = TimeSpan.FromSeconds(1),
            MeanOfflineTime = TimeSpan.FromMilliseconds(300),
            StartupSpread = TimeSpan.FromMilliseconds(500),
            ConflictSwapInterval = TimeSpan.FromMilliseconds(600),
            ReconnectLoopInterval = TimeSpan.FromMilliseconds(600),
            TelemetryInterval = TimeSpan.FromMilliseconds(200),
            SilentKeepaliveSeconds = 1,
            BrokerReactionTimeout = TimeSpan.FromSeconds(5),
            KickAsync = kick,
        };
        options.Broker.Host = broker.Host;
        options.Broker.Port = broker.Port;
        return options;
    }

    // Stands in for an operator kick on mosquitto: a second connection with the device's client ID
    // makes the broker close the device's connection, which is what the device must notice.
    private async Task TakeSessionAsync(string clientId, CancellationToken cancellationToken)
    {
        using var kicker = new MqttClientFactory().CreateMqttClient();
        await kicker.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithClientId(clientId).Build(), cancellationToken);
        await kicker.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken);
    }

    private bool ForbiddenPublishSeen() =>
        broker.Log.Any(l => l.StartsWith("Received PUBLISH from sim-badcreds-0001", StringComparison.Ordinal) && l.Contains("'forbidden/test'", StringComparison.Ordinal));

    private static void AssertWireBehaviour(IReadOnlyList<string> log)
    {
        // Flaky: the socket is dropped, never a DISCONNECT.
        Assert.Contains("Client sim-flaky-0001 closed its connection.", log);
        Assert.DoesNotContain("Client sim-flaky-0001 disconnected.", log);
        Assert.DoesNotContain(log, l => l.StartsWith("Received DISCONNECT from sim-flaky-", StringComparison.Ordinal));

        // Steady: a clean DISCONNECT. Silent: the broker's keepalive timer. Protocol error: a second CONNECT.
        Assert.Contains("Received DISCONNECT from sim-steady-0001", log);
        Assert.Contains("Client sim-silent-0001 has exceeded timeout, disconnecting.", log);
        Assert.Contains("Bad client sim-protoerr-0001 sending multiple CONNECT messages.", log);

        // Conflict: one client ID, connected from two source addresses in turn.
        var conflictPeers = ConnectedFrom(log, "sim-conflict-0001");
        Assert.Equal(["127.0.0.2", "127.0.0.3"], conflictPeers.Select(p => p.Ip).Distinct().Order());
        Assert.Contains("Client sim-conflict-0001 already connected, closing old connection.", log);

        // Reconnect loop: one address, a new source port for every connection.
        var loopPeers = ConnectedFrom(log, "sim-reconnect-0001");
        Assert.True(loopPeers.Count >= 3, $"reconnect loop connected {loopPeers.Count} times");
        Assert.Single(loopPeers.Select(p => p.Ip).Distinct());
        Assert.Equal(loopPeers.Count, loopPeers.Select(p => p.Port).Distinct().Count());
        Assert.Contains("Client sim-reconnect-0001 already connected, closing old connection.", log);
    }

    private static List<(string Ip, int Port)> ConnectedFrom(IReadOnlyList<string> log, string clientId) =>
        [.. log.Select(l => NewClientLine().Match(l))
            .Where(m => m.Success && m.Groups["id"].Value == clientId)
            .Select(m => (m.Groups["ip"].Value, int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture)))];

    // After the stop every connection the fleet opened is closed: the broker has no sim- client left.
    private async Task AssertEverythingDisconnectedAsync()
    {
        await Poll.UntilAsync(
            () =>
            {
                var log = broker.Log;
                int opened = log.Count(l => l.StartsWith("New client connected from ", StringComparison.Ordinal) && l.Contains(" as sim-", StringComparison.Ordinal));
                int closed = log.Count(l => ClosedLine().IsMatch(l) && l.Contains(" sim-", StringComparison.Ordinal));
                return opened == closed;
            },
            TimeSpan.FromSeconds(10),
            () => "some simulated connections are still open at the broker");
    }

    private static string Describe(FleetStats stats) => string.Join(
        "; ",
        stats.Snapshot().Select(s => $"{s.Profile}: {s.Connects} connects, {s.ConnectFailures} refused, "
            + $"{string.Join(",", s.Disconnects.Select(d => $"{d.Key}={d.Value}"))}, {s.Errors} errors {s.LastError}"));

    [GeneratedRegex(@"^New client connected from (?<ip>[\d.]+):(?<port>\d+) as (?<id>\S+) ")]
    private static partial Regex NewClientLine();

    // Every way mosquitto logs the end of a connected client's connection.
    [GeneratedRegex(@"^(Client \S+ (disconnected|closed its connection|has exceeded timeout|already connected, closing old connection)|Client \S+ disconnected due to)")]
    private static partial Regex ClosedLine();
}
