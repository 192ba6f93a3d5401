using Dashboard.Core.Events;

namespace Dashboard.Core.Conflicts;

/// <summary>
/// Counts each refused CONNECT once. EMQX reports one refused CONNECT twice: a failed
/// <c>check_authn_complete</c> and then a failed <c>client_connack</c>, from the same connection
/// (client ID, address and source port) within milliseconds (FACTS §5.3). So the first of the two
/// counts and its partner, the other kind from the same connection within <see cref="PairMs"/>, does
/// not; an event seen again (the same kind, connection and time: a rule and MQTT both delivering it)
/// does not count either. A rule that selects only one of the two events still counts every attempt.
/// Bounded: connections older than the pairing span, or past the cap, are forgotten.
/// </summary>
internal sealed class RefusedAttempts(int capacity)
{
    /// <summary>Both events come from one channel process on one node; a few seconds absorb any delay in building them.</summary>
    public const long PairMs = 5_000;

    private readonly Dictionary<ConnectionKey, Seen> _seen = [];
    private readonly Queue<(ConnectionKey Key, long AtMs)> _order = new();
    private long _newestMs = long.MinValue;

    /// <summary>Whether <paramref name="e"/> (a connack or authentication failure) is a new attempt.</summary>
    public bool IsNewAttempt(AccessEvent e)
    {
        long at = e.EventTime.ToUnixTimeMilliseconds();
        var key = new ConnectionKey(e.ClientId, e.PeerIp, e.PeerPort);
        bool connack = e.Kind == AccessEventKind.Connack;
        Forget(at);

        if (_seen.TryGetValue(key, out var seen))
        {
            long? same = connack ? seen.ConnackMs : seen.AuthnMs;
            long? other = connack ? seen.AuthnMs : seen.ConnackMs;
            if (same == at)
            {
                return false;
            }

            if (same is null && other is { } partner && Math.Abs(at - partner) < PairMs)
            {
                _seen[key] = connack ? seen with { ConnackMs = at } : seen with { AuthnMs = at };
                return false;
            }
        }

        _seen[key] = connack ? new Seen(at, null, at) : new Seen(at, at, null);
        _order.Enqueue((key, at));
        return true;
    }

    private void Forget(long at)
    {
        _newestMs = Math.Max(_newestMs, at);
        while (_order.Count > 0 && (_newestMs - _order.Peek().AtMs >= PairMs * 2 || _order.Count >= capacity))
        {
            var (key, started) = _order.Dequeue();

            // Only the attempt this entry started: the same connection may have started a newer one since.
            if (_seen.TryGetValue(key, out var seen) && seen.StartedMs == started)
            {
                _seen.Remove(key);
            }
        }
    }

    private readonly record struct ConnectionKey(string ClientId, string? PeerIp, int? PeerPort);

    /// <summary>The latest attempt on a connection: the time of the report that counted it, and of each report seen.</summary>
    private readonly record struct Seen(long StartedMs, long? AuthnMs, long? ConnackMs);
}
