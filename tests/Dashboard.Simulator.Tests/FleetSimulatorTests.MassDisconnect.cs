using System.Diagnostics;
using Dashboard.Simulator.Fleet;
using Dashboard.Simulator.Tests.Infrastructure;

namespace Dashboard.Simulator.Tests;

/// <summary>The mass-disconnect profile against a real mosquitto: online until the moment, all timed out at once, back after.</summary>
public sealed partial class FleetSimulatorTests
{
    [Fact]
    public async Task Mass_disconnect_devices_stay_online_until_the_moment_then_all_time_out_before_any_returns()
    {
        var every = TimeSpan.FromSeconds(8);
        var options = new FleetOptions
        {
            FleetSize = 5,
            Seed = 5,
            MassDisconnectShare = 0.8,
            MassDisconnectEvery = every,
            MassDisconnectLength = TimeSpan.FromSeconds(5),
            SilentKeepaliveSeconds = 1,
            StartupSpread = TimeSpan.FromMilliseconds(500),
        }.OnlyProfiles(DeviceProfile.MassDisconnect);
        options.Broker.Host = broker.Host;
        options.Broker.Port = broker.Port;
        var simulator = new FleetSimulator(options);
        var outage = simulator.Plan.Where(d => d.Profile == DeviceProfile.MassDisconnect).ToList();
        Assert.Equal(4, outage.Count);
        Assert.All(outage, d => Assert.StartsWith("sim-outage-", d.ClientId, StringComparison.Ordinal));
        Assert.All(outage, d => Assert.Equal(1, d.KeepaliveSeconds));

        using var stop = new CancellationTokenSource();
        var started = Stopwatch.StartNew();
        var run = simulator.RunAsync(stop.Token);
        var stats = simulator.Stats;
        ProfileStats Outage() => stats[DeviceProfile.MassDisconnect];

        // Pinging keeps them online for seconds past 1.5 × keepalive; then the whole wave is timed out, and
        // (the outage lasting 5 s) every one of them is gone before the first comes back.
        await Poll.UntilAsync(() => Outage().Connects >= 4, TimeSpan.FromSeconds(15), () => Describe(stats));
        var wave = 0L;
        var connectsWhenAllGone = 0L;
        await Poll.UntilAsync(
            () =>
            {
                var now = Outage();
                wave = now.DisconnectsFor(EmqxReasonNames.KeepaliveTimeout);
                connectsWhenAllGone = now.Connects;
                return wave >= 4;
            },
            TimeSpan.FromSeconds(30),
            () => Describe(stats));
        var firstWaveSeen = started.Elapsed;
        Assert.True(firstWaveSeen >= every - TimeSpan.FromSeconds(1), $"timed out at {firstWaveSeen}, before the outage at {every}");
        Assert.Equal(4, connectsWhenAllGone);
        Assert.Equal(0, Outage().DisconnectsFor(EmqxReasonNames.TcpClosed));

        await Poll.UntilAsync(() => Outage().Connects >= 8, TimeSpan.FromSeconds(30), () => Describe(stats));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(Outage().Errors == 0, Outage().LastError);
        Assert.True(stats[DeviceProfile.Steady].Connects >= 1);
    }
}
