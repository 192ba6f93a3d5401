namespace Dashboard.Core.Live;

/// <summary>
/// Keeps the offline part of the client map bounded, by count and by age, oldest first. Age counts
/// from when the dashboard learned of the ending (the receive time), not the broker's timestamp, so
/// a broker clock that is off, or a backlog replayed after downtime, does not empty the list at once.
/// Clients are queued when they go offline; an entry whose client has since come back (or gone
/// offline again later) is skipped when it reaches the head, and the queue is rebuilt when such
/// leftovers outnumber the live entries, so churn cannot grow it without bound.
/// </summary>
internal sealed class OfflineEviction(int maxOfflineClients, TimeSpan retention)
{
    private Queue<Entry> _queue = new();

    public void Track(ClientRecord record, DateTimeOffset learnedAt) =>
        _queue.Enqueue(new Entry(record, record.DisconnectedAtMs, learnedAt.ToUnixTimeMilliseconds()));

    public int Evict(long nowMs, int offlineCount, Dictionary<string, ClientRecord> clients)
    {
        CompactIfMostlyLeftovers(offlineCount, clients);
        var cutoff = nowMs - (long)retention.TotalMilliseconds;
        var evicted = 0;
        while (_queue.TryPeek(out var head))
        {
            if (IsCurrent(head, clients))
            {
                var overCount = offlineCount - evicted > maxOfflineClients;
                var tooOld = head.LearnedAtMs < cutoff;
                if (!overCount && !tooOld)
                {
                    break;
                }

                clients.Remove(head.Record.ClientId);
                evicted++;
            }

            _queue.Dequeue();
        }

        return evicted;
    }

    private static bool IsCurrent(Entry entry, Dictionary<string, ClientRecord> clients) =>
        !entry.Record.Online
        && entry.Record.DisconnectedAtMs == entry.DisconnectedAtMs
        && clients.TryGetValue(entry.Record.ClientId, out var current)
        && ReferenceEquals(current, entry.Record);

    private void CompactIfMostlyLeftovers(int offlineCount, Dictionary<string, ClientRecord> clients)
    {
        if (_queue.Count <= (2 * offlineCount) + 1024)
        {
            return;
        }

        var current = _queue.Where(entry => IsCurrent(entry, clients))
            .GroupBy(entry => entry.Record)
            .Select(group => group.First())
            .OrderBy(entry => entry.LearnedAtMs);
        _queue = new Queue<Entry>(current);
    }

    /// <summary>One offline episode: which client, which ending (to tell it from later ones), when we learned of it.</summary>
    private readonly record struct Entry(ClientRecord Record, long DisconnectedAtMs, long LearnedAtMs);
}
