using Dashboard.Core.Groups;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>
/// Online at a moment: the shared queries on this store's read connections. The online set comes from the sessions
/// rollup (<see cref="SessionQueries"/>) once its backfill has finished, and from the events (<see cref="MomentQueries"/>)
/// until then: the same answer, the first bounded by the page, the second by the clients it walks.
/// </summary>
public sealed partial class PostgresHistoryStore : IGroupSessions
{
    private MomentQueries Moments => new(async ct => await _readSource.OpenConnectionAsync(ct));

    private SessionQueries Sessions => new(async ct => await _readSource.OpenConnectionAsync(ct));

    // Once complete, always complete: the backfill's marker row never comes back.
    private volatile bool _sessionsComplete;

    public async Task<IReadOnlyList<StoredEvent>> GetOnlineAtAsync(DateTimeOffset at, string? afterClientId, int limit, CancellationToken cancellationToken)
    {
        return await SessionsCompleteAsync(cancellationToken)
            ? await Sessions.OnlineAtAsync(at, afterClientId, limit, cancellationToken)
            : await Moments.OnlineAtAsync(at, afterClientId, limit, cancellationToken);
    }

    public async Task<IReadOnlyList<UptimeSession>?> GetGroupSessionsAsync(DateTimeOffset from, DateTimeOffset until, GroupFilter group, int limit, CancellationToken cancellationToken) =>
        await SessionsCompleteAsync(cancellationToken) ? await Sessions.GroupSessionsAsync(from, until, group, limit, cancellationToken) : null;

    private async Task<bool> SessionsCompleteAsync(CancellationToken cancellationToken) =>
        _sessionsComplete = _sessionsComplete || await Sessions.IsCompleteAsync(cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> GetDisconnectsAsync(DateTimeOffset from, long afterId, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        Moments.DisconnectsAsync(from, afterId, until, limit, cancellationToken);
}
