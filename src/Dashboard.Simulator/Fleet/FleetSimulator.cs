using Dashboard.Simulator.Fleet.Devices;

namespace Dashboard.Simulator.Fleet;

/// <summary>
/// Drives a fleet of real MQTT connections against a broker, each device following its profile
/// (<see cref="DeviceProfile"/>) so the broker reports every kind of disconnect and both kinds of
/// client-ID loop. One async loop per device, no thread per device; devices start staggered over
/// <see cref="FleetOptions.StartupSpread"/>.
/// </summary>
public sealed class FleetSimulator
{
    private readonly TimeProvider _time;
    private int _started;

    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public FleetSimulator(FleetOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Plan = FleetPlanner.Create(options);
        Stats = new FleetStats(Plan);
        _time = time ?? TimeProvider.System;
    }

    public FleetOptions Options { get; }

    /// <summary>Every device of the run, decided up front from <see cref="FleetOptions.Seed"/>.</summary>
    public IReadOnlyList<DevicePlan> Plan { get; }

    public FleetStats Stats { get; }

    /// <summary>
    /// Runs the fleet until <paramref name="cancellationToken"/> is cancelled, then stops every device
    /// (MQTTnet devices send DISCONNECT, raw sockets are closed) and completes, without throwing, once
    /// all device loops have ended and every client is disposed. Can be called once.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A FleetSimulator runs once; create another for a second run.");
        }

        var startedAt = _time.GetUtcNow();
        var devices = Plan.Select(plan => CreateDevice(new DeviceContext(plan, Options, Stats, _time, startedAt))).ToList();

        // Started from the thread pool so no device continuation queues on the caller's synchronization
        // context (a UI, a test runner's few threads). Each loop yields at its start delay at once.
        await Task.Run(() => Task.WhenAll(devices.Select(device => device.RunAsync(cancellationToken))), CancellationToken.None);
    }

    private static Device CreateDevice(DeviceContext context) => context.Plan.Profile switch
    {
        DeviceProfile.Steady => new SteadyDevice(context),
        DeviceProfile.Flaky => new FlakyDevice(context),
        DeviceProfile.Silent => new SilentDevice(context),
        DeviceProfile.BadCredentials => new BadCredentialsDevice(context),
        DeviceProfile.Kick => new KickDevice(context),
        DeviceProfile.ProtocolError => new ProtocolErrorDevice(context),
        DeviceProfile.Conflict => new ConflictDevice(context),
        DeviceProfile.ReconnectLoop => new ReconnectLoopDevice(context),
        DeviceProfile.CredentialsRotation => new CredentialsRotationDevice(context),
        DeviceProfile.MassDisconnect => new MassDisconnectDevice(context),
        _ => throw new ArgumentOutOfRangeException(nameof(context), context.Plan.Profile, "unknown profile"),
    };
}
