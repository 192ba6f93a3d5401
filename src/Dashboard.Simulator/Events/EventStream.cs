namespace Dashboard.Simulator.Events;

/// <summary>
/// The deterministic sequence of events: each step picks a client at random and flips it, offline to
/// connected or connected to disconnected, so every client alternates and each disconnect carries the
/// <c>connected_at</c> of the session it ends. One <see cref="long"/> per client is all the state:
/// positive = connected at that ms, otherwise minus the ms of its last disconnect. Event times per
/// client strictly increase, so no two events of one client share an identity (client, kind, time, peer).
/// With <c>connectAllFirst</c> the first <see cref="Clients"/> steps connect every client once, in
/// index order (a whole fleet coming online), before the random flips begin.
/// </summary>
internal sealed class EventStream
{
    private readonly long[] _state;
    private readonly Random _random;
    private readonly int _seed;
    private int _rampedUp;

    public EventStream(int clients, int seed, bool connectAllFirst = false)
    {
        _state = new long[clients];
        _random = new Random(seed);
        _seed = seed;
        _rampedUp = connectAllFirst ? 0 : clients;
    }

    public int Clients => _state.Length;

    /// <param name="nowMs">Wall-clock time to stamp the event with, unless the client's last event was not earlier.</param>
    public SyntheticEvent Next(long nowMs)
    {
        int client = _rampedUp < _state.Length ? _rampedUp++ : _random.Next(_state.Length);
        long state = _state[client];
        if (state > 0)
        {
            long connectedAt = state;
            long disconnectedAt = Math.Max(nowMs, connectedAt + 1);
            _state[client] = -disconnectedAt;
            return new SyntheticEvent(client, false, connectedAt, disconnectedAt, Stamp(disconnectedAt), ReasonMix.Pick(_random), PortOf(client, connectedAt));
        }

        long lastDisconnect = -state;
        long at = Math.Max(nowMs, lastDisconnect + 1);
        _state[client] = at;
        return new SyntheticEvent(client, true, at, 0, Stamp(at), -1, PortOf(client, at));
    }

    /// <summary>A stable per-client number, for settings that belong to the device rather than the session.</summary>
    public uint Trait(int client) => Mix((uint)client ^ (uint)_seed);

    // EMQX builds the event columns a moment after the connect/disconnect itself.
    private long Stamp(long eventTimeMs) => eventTimeMs + _random.Next(3);

    private int PortOf(int client, long connectedAt) =>
        1024 + (int)(Mix((uint)client ^ (uint)connectedAt ^ (uint)(connectedAt >> 32) ^ (uint)_seed) % 64000);

    // A cheap integer hash (lowbias32): neighbouring inputs give unrelated outputs.
    private static uint Mix(uint x)
    {
        x ^= x >> 16;
        x *= 0x7feb352d;
        x ^= x >> 15;
        x *= 0x846ca68b;
        x ^= x >> 16;
        return x;
    }
}
