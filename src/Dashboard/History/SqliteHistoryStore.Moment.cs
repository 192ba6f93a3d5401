using Dashboard.Core.Groups;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>Online at a moment, and a group's sessions for uptime: <see cref="MomentReads"/> on this store's read connections.</summary>
public sealed partial class SqliteHistoryStore : IGroupSessions
{
    private MomentReads? _moments;

    private MomentReads Moments => _moments ??= new(OpenReadConnectionAsync);

    public Task<IReadOnlyList<StoredEvent>> GetOnlineAtAsync(DateTimeOffset at, string? afterClientId, int limit, string? username, CancellationToken cancellationToken) =>
        Moments.OnlineAtAsync(at, afterClientId, limit, username, cancellationToken);

    public Task<IReadOnlyList<UptimeSession>?> GetGroupSessionsAsync(DateTimeOffset from, DateTimeOffset until, GroupFilter group, int limit, CancellationToken cancellationToken) =>
        Moments.GroupSessionsAsync(from, until, group, limit, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> GetDisconnectsAsync(DateTimeOffset from, long afterId, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        Moments.DisconnectsAsync(from, afterId, until, limit, cancellationToken);
}
