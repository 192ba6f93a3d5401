using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.Tests.Components;

/// <summary>
/// Online at a moment, simply: a client is online when its latest event at or before the moment is a
/// connect. The real stores' session rules (takeovers, stale endings) are tested on the real stores.
/// </summary>
internal sealed partial class InMemoryHistoryStore
{
    public Task<IReadOnlyList<StoredEvent>> GetOnlineAtAsync(DateTimeOffset at, string? afterClientId, int limit, string? username, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<StoredEvent> result = _events
                .Where(e => e.EventTime <= at)
                .GroupBy(e => e.ClientId, StringComparer.Ordinal)
                .Select(g => g.OrderBy(e => e.EventTime).ThenBy(e => e.Id).Last())
                .Where(e => e.Kind == ConnectionEventKind.Connected)
                .Where(e => username is null || string.Equals(e.Username, username, StringComparison.Ordinal))
                .Where(e => afterClientId is null || string.CompareOrdinal(e.ClientId, afterClientId) > 0)
                .OrderBy(e => e.ClientId, StringComparer.Ordinal)
                .Take(limit)
                .ToList();
            return Task.FromResult(result);
        }
    }

    public Task<IReadOnlyList<StoredEvent>> GetDisconnectsAsync(DateTimeOffset from, long afterId, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<StoredEvent> result = _events
                .Where(e => e.Kind == ConnectionEventKind.Disconnected && e.EventTime >= from && e.EventTime <= until)
                .Where(e => e.EventTime > from || e.Id > afterId)
                .OrderBy(e => e.EventTime)
                .ThenBy(e => e.Id)
                .Take(limit)
                .ToList();
            return Task.FromResult(result);
        }
    }
}
