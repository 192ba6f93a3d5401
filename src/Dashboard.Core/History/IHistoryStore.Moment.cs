namespace Dashboard.Core.History;

/// <summary>
/// "Who was online at 10:00?": the fleet at a moment in the past, read from the stored events. Both
/// queries are bounded (a page, a limit) and read the client-keyed and time indexes, never the whole table.
/// </summary>
public partial interface IHistoryStore
{
    /// <summary>
    /// The clients online at <paramref name="at"/>, by client ID, after <paramref name="afterClientId"/>
    /// (a keyset: null to start, then the last ID read), at most <paramref name="limit"/>: for each, the connect of its latest session that began at or before
    /// <paramref name="at"/> and that no stored disconnect at or before <paramref name="at"/> ended. Whether a
    /// disconnect ends that session follows the session model (<c>SessionMatcher</c>): by the broker's
    /// <c>connected_at</c> when both carry it, else by peer and time; a takeover's disconnect without either
    /// never ends the connection that replaced it. Event time decides, not arrival order, so late events count.
    /// With <paramref name="username"/>, only the clients whose connect carried exactly that username (the store reads
    /// that username's sessions alone, where it can: a filter that few clients pass, answered without the rest).
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> GetOnlineAtAsync(DateTimeOffset at, string? afterClientId, int limit, string? username, CancellationToken cancellationToken);

    /// <summary>
    /// Disconnects with event time in [from, until], oldest first (then by storage ID), at most
    /// <paramref name="limit"/>, after the event (<paramref name="from"/>, <paramref name="afterId"/>):
    /// 0 to start; to read on, the last event's time as <paramref name="from"/> and its ID.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> GetDisconnectsAsync(DateTimeOffset from, long afterId, DateTimeOffset until, int limit, CancellationToken cancellationToken);
}
