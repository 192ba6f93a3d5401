namespace Dashboard.Simulator.Fleet;

/// <summary>
/// Running counters per profile, written by every device loop and read by the console and tests.
/// A disconnect is counted under the reason the broker should report for what the device did or
/// saw (a refused CONNECT is a connect failure, not a disconnect: brokers emit no event for it).
/// </summary>
public sealed class FleetStats
{
    private readonly Dictionary<DeviceProfile, Counters> _counters;

    internal FleetStats(IEnumerable<DevicePlan> plan)
    {
        var devices = plan.GroupBy(d => d.Profile).ToDictionary(g => g.Key, g => g.Count());
        _counters = Enum.GetValues<DeviceProfile>().ToDictionary(p => p, p => new Counters(devices.GetValueOrDefault(p)));
    }

    public ProfileStats this[DeviceProfile profile] => _counters[profile].Snapshot(profile);

    /// <summary>One consistent-per-profile copy of every counter.</summary>
    public IReadOnlyList<ProfileStats> Snapshot() => [.. _counters.Select(c => c.Value.Snapshot(c.Key))];

    public long TotalConnects => _counters.Values.Sum(c => Interlocked.Read(ref c.Connects));

    internal void RecordConnect(DeviceProfile profile) => Interlocked.Increment(ref _counters[profile].Connects);

    internal void RecordConnectFailure(DeviceProfile profile) => Interlocked.Increment(ref _counters[profile].ConnectFailures);

    internal void RecordDisconnect(DeviceProfile profile, string reason)
    {
        var counters = _counters[profile];
        lock (counters.Disconnects)
        {
            counters.Disconnects[reason] = counters.Disconnects.GetValueOrDefault(reason) + 1;
        }
    }

    /// <summary>Something went wrong that the profile did not intend (broker down, a kick that did nothing).</summary>
    internal void RecordError(DeviceProfile profile, string problem)
    {
        var counters = _counters[profile];
        Interlocked.Increment(ref counters.Errors);
        Volatile.Write(ref counters.LastError, problem);
    }

    private sealed class Counters(int devices)
    {
        public readonly int Devices = devices;
        public readonly Dictionary<string, long> Disconnects = new(StringComparer.Ordinal);
        public long Connects;
        public long ConnectFailures;
        public long Errors;
        public string? LastError;

        public ProfileStats Snapshot(DeviceProfile profile)
        {
            Dictionary<string, long> disconnects;
            lock (Disconnects)
            {
                disconnects = new Dictionary<string, long>(Disconnects, StringComparer.Ordinal);
            }

            return new ProfileStats(
                profile,
                Devices,
                Interlocked.Read(ref Connects),
                Interlocked.Read(ref ConnectFailures),
                disconnects,
                Interlocked.Read(ref Errors),
                Volatile.Read(ref LastError));
        }
    }
}

/// <summary>A copy of one profile's counters.</summary>
/// <param name="Connects">Connections the broker accepted (CONNACK success).</param>
/// <param name="ConnectFailures">CONNECTs the broker refused, plus connections that could not be made.</param>
/// <param name="Disconnects">Ended connections by the reason the broker should report.</param>
/// <param name="Errors">Unintended problems; <paramref name="LastError"/> describes the latest.</param>
public sealed record ProfileStats(
    DeviceProfile Profile,
    int Devices,
    long Connects,
    long ConnectFailures,
    IReadOnlyDictionary<string, long> Disconnects,
    long Errors,
    string? LastError)
{
    public long DisconnectsFor(string reason) => Disconnects.GetValueOrDefault(reason);
}
