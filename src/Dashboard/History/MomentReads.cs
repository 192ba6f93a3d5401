using System.Data.Common;
using Dashboard.Core.Groups;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>
/// Online at a moment and a group's sessions, for either store: from the sessions rollup (<see cref="SessionQueries"/>)
/// once its backfill has finished, and from the events (<see cref="MomentQueries"/>) until then: the same answer, the
/// first bounded by the page, the second by the clients it walks.
/// </summary>
internal sealed class MomentReads(Func<CancellationToken, Task<DbConnection>> openReadConnection)
{
    private readonly MomentQueries _events = new(openReadConnection);
    private readonly SessionQueries _sessions = new(openReadConnection);

    // Once complete, complete for this process: only a start-up marks the backfill pending again (a schema step, or
    // History:SessionsRollup off), which is why instances sharing a database must agree on that setting.
    private volatile bool _sessionsComplete;

    public async Task<IReadOnlyList<StoredEvent>> OnlineAtAsync(DateTimeOffset at, string? afterClientId, int limit, string? username, CancellationToken cancellationToken) =>
        await SessionsCompleteAsync(cancellationToken)
            ? await _sessions.OnlineAtAsync(at, afterClientId, limit, username, cancellationToken)
            : await _events.OnlineAtAsync(at, afterClientId, limit, username, cancellationToken);

    public async Task<IReadOnlyList<UptimeSession>?> GroupSessionsAsync(DateTimeOffset from, DateTimeOffset until, GroupFilter group, int limit, CancellationToken cancellationToken) =>
        await SessionsCompleteAsync(cancellationToken) ? await _sessions.GroupSessionsAsync(from, until, group, limit, cancellationToken) : null;

    public Task<IReadOnlyList<StoredEvent>> DisconnectsAsync(DateTimeOffset from, long afterId, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        _events.DisconnectsAsync(from, afterId, until, limit, cancellationToken);

    private async Task<bool> SessionsCompleteAsync(CancellationToken cancellationToken) =>
        _sessionsComplete = _sessionsComplete || await _sessions.IsCompleteAsync(cancellationToken);
}
