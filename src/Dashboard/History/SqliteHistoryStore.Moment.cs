using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>Online at a moment: the shared queries (<see cref="MomentQueries"/>) on this store's read connections.</summary>
public sealed partial class SqliteHistoryStore
{
    private MomentQueries Moments => new(OpenReadConnectionAsync);

    public Task<IReadOnlyList<StoredEvent>> GetOnlineAtAsync(DateTimeOffset at, string? afterClientId, int limit, CancellationToken cancellationToken) =>
        Moments.OnlineAtAsync(at, afterClientId, limit, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> GetDisconnectsAsync(DateTimeOffset from, long afterId, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        Moments.DisconnectsAsync(from, afterId, until, limit, cancellationToken);
}
