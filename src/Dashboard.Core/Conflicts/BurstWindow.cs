namespace Dashboard.Core.Conflicts;

/// <summary>
/// Recent endings or refusals for one incident key (a reason, a source IP or network), within a span of event time
/// ending at the newest seen. Bounded by count: past the threshold the exact number no longer matters.
/// </summary>
internal sealed class BurstWindow(int capacity)
{
    private readonly Queue<IncidentEntry> _entries = new();
    private readonly Dictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perIp = new(StringComparer.OrdinalIgnoreCase);

    public long NewestMs { get; private set; } = long.MinValue;

    public int Count => _entries.Count;

    public int DistinctClients => _perClient.Count;

    /// <summary>Source addresses among the entries (an entry without one counts for none).</summary>
    public int DistinctIps => _perIp.Count;

    public IEnumerable<IncidentEntry> Entries => _entries;

    /// <summary>Adds the entry and drops those W or more older than the newest; false when the entry itself is that old.</summary>
    public bool Add(IncidentEntry entry, long windowMs)
    {
        NewestMs = Math.Max(NewestMs, entry.AtMs);
        if (NewestMs - entry.AtMs >= windowMs)
        {
            return false;
        }

        _entries.Enqueue(entry);
        _perClient[entry.ClientId] = _perClient.GetValueOrDefault(entry.ClientId) + 1;
        if (entry.PeerIp is { } ip)
        {
            _perIp[ip] = _perIp.GetValueOrDefault(ip) + 1;
        }

        // Arrival order is close to event order; an entry slightly out of order leaves late, which
        // can only over-count for a moment, never drop a recent one.
        while (_entries.Count > 0 && (NewestMs - _entries.Peek().AtMs >= windowMs || _entries.Count > capacity))
        {
            var old = _entries.Dequeue();
            if (--_perClient[old.ClientId] == 0)
            {
                _perClient.Remove(old.ClientId);
            }

            if (old.PeerIp is { } oldIp && --_perIp[oldIp] == 0)
            {
                _perIp.Remove(oldIp);
            }
        }

        return true;
    }
}
