namespace Dashboard.Simulator.Fleet;

/// <summary>
/// One simulated device, fixed before the run from <see cref="FleetOptions.Seed"/>: the same seed
/// and options always give the same plan. The two devices of a conflict pair share a client ID.
/// </summary>
/// <param name="Index">Position in the plan, 0-based; also the order devices start in.</param>
/// <param name="ClientId"><c>{prefix}{profile}-{n:D4}</c>, e.g. <c>sim-steady-0001</c>.</param>
/// <param name="ProtocolLevel">4 = MQTT 3.1.1, 5 = MQTT 5.0 (raw-socket profiles always speak 3.1.1).</param>
/// <param name="CleanStart">Conflict pairs: false gives <c>takenover</c>, true gives <c>discarded</c>.</param>
/// <param name="SourceAddress">The local IP the device binds to, or null for the OS's choice.</param>
/// <param name="StartDelay">When the device first connects, counted from the start of the run.</param>
/// <param name="Seed">Seeds the device's own <see cref="Random"/>, which makes all its later choices.</param>
public sealed record DevicePlan(
    int Index,
    DeviceProfile Profile,
    string ClientId,
    int ProtocolLevel,
    int KeepaliveSeconds,
    bool CleanStart,
    string? SourceAddress,
    TimeSpan StartDelay,
    int Seed);
