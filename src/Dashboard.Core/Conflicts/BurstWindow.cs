namespace Dashboard.Core.Conflicts;

/// <summary>
/// Recent endings for one incident key (a reason, or a source IP), within a span of event time
/// ending at the newest seen. Bounded by count: past the threshold the exact number no longer matters.
/// </summary>
internal sealed class BurstWindow(int capacity)
{
    private readonly Queue<IncidentEntry> _entries = new();
    private readonly Dictionary<string, int> _perClient = new(StringComparer.Ordinal);

    public long NewestMs { get; private set; } = long.MinValue;

    public int Count => _entries.Count;

    public int DistinctClients => _perClient.Count;

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

        // Arrival order is close to event order; an entry slightly out of order leaves late, which
        // can only over-count for a moment, never drop a recent one.
        while (_entries.Count > 0 && (NewestMs - _entries.Peek().AtMs >= windowMs || _entries.Count > capacity))
        {
            var old = _entries.Dequeue();
            if (--_perClient[old.ClientId] == 0)
            {
                _perClient.Remove(old.ClientId);
            }
        }

        return true;
    }
}
