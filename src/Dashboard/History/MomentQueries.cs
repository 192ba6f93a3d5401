using System.Data.Common;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;

namespace Dashboard.History;

/// <summary>
/// "Online at a moment", the same SQL on both stores. Each client's latest connect at or before the
/// moment comes from the client-keyed index (client_id, event_time_ms, kind, peer_ip) in client order,
/// so a page stops after its rows instead of grouping the whole table; each candidate's possible
/// endings are one more range on the same index. Nothing new is indexed: every insert would pay for it.
/// Both are read by keyset (after a client ID; after an event's time and ID), so reading on costs
/// what the first page did, where an offset would re-read every row before it.
/// </summary>
internal sealed class MomentQueries(Func<CancellationToken, Task<DbConnection>> openReadConnection)
{
    private const string T = HistoryColumns.Table;

    /// <summary>The most either query returns at once.</summary>
    public const int MaxRows = 1000;

    // The session model's rules (SessionMatcher.EndsSession and FindEnded) as SQL, for a disconnect d
    // against the connect e of the latest session: a clamped start is ended by any disconnect; with the
    // broker's connected_at on both sides only the one naming it ends it (a late disconnect of an older
    // session does not); otherwise a disconnect from a peer that is not different ends it, except a
    // takeover's (takenover, discarded), which ends the connection it replaced, not the replacing one,
    // unless it comes from the same IP and port. '' is the stored "no peer" (HistoryColumns.ToPeerColumn).
    private static string Exact(string a) => $"({a}.connected_at_ms IS NOT NULL AND NOT {a}.time_clamped)";

    internal static readonly string EndsLatestSession = $"""
        (e.time_clamped OR CASE
            WHEN {Exact("e")} AND {Exact("d")} THEN d.connected_at_ms = e.connected_at_ms
            ELSE (e.peer_ip = '' OR d.peer_ip = ''
                  OR (LOWER(e.peer_ip) = LOWER(d.peer_ip) AND (e.peer_port IS NULL OR d.peer_port IS NULL OR e.peer_port = d.peer_port)))
                 AND (d.reason IS NULL OR d.reason NOT IN ('{ReasonNames.TakenOver}', '{ReasonNames.Discarded}')
                      OR (e.peer_ip <> '' AND LOWER(e.peer_ip) = LOWER(d.peer_ip) AND e.peer_port = d.peer_port))
            END)
        """;

    // Two connects of one client in one millisecond (different peers) are one session start: the later
    // stored wins, as it does in live state.
    internal static readonly string OnlineAtSql = OnlineAt("");

    // The same, for the clients whose session's connect carried @username (the rollup's username filter, before it is filled).
    private static readonly string OnlineAtByUsernameSql = OnlineAt("AND e.username = @username");

    private static string OnlineAt(string connectFilter) => $"""
        SELECT {HistoryColumns.Select("e")} FROM (
            SELECT client_id, MAX(event_time_ms) AS t FROM {T}
            WHERE kind = '{HistoryColumns.Connected}' AND event_time_ms <= @at AND client_id > @after
            GROUP BY client_id) l
        JOIN {T} e ON e.id = (
            SELECT MAX(x.id) FROM {T} x
            WHERE x.client_id = l.client_id AND x.event_time_ms = l.t AND x.kind = '{HistoryColumns.Connected}')
        WHERE NOT EXISTS (
            SELECT 1 FROM {T} d
            WHERE d.client_id = e.client_id AND d.kind = '{HistoryColumns.Disconnected}'
              AND d.event_time_ms >= e.event_time_ms AND d.event_time_ms <= @at
              AND {EndsLatestSession})
          {connectFilter}
        ORDER BY l.client_id
        LIMIT @limit
        """;

    private static readonly string DisconnectsSql = $"""
        SELECT {HistoryColumns.Select("e")} FROM {T} e
        WHERE e.event_time_ms >= @start AND e.event_time_ms <= @end AND e.kind = '{HistoryColumns.Disconnected}'
          AND (e.event_time_ms > @start OR e.id > @afterId)
        ORDER BY e.event_time_ms, e.id
        LIMIT @limit
        """;

    public async Task<IReadOnlyList<StoredEvent>> OnlineAtAsync(DateTimeOffset at, string? afterClientId, int limit, string? username, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await openReadConnection(cancellationToken);

        // '' is before every client ID: an empty one is never stored (EmqxEventParser refuses it).
        (string, object)[] parameters = [("@at", HistoryQueries.Ms(at)), ("@after", afterClientId ?? ""), ("@limit", Math.Min(limit, MaxRows))];
        await using var command = username is null
            ? HistoryQueries.Command(connection, OnlineAtSql, parameters)
            : HistoryQueries.Command(connection, OnlineAtByUsernameSql, [.. parameters, ("@username", username)]);
        return await HistoryQueries.ReadAllAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredEvent>> DisconnectsAsync(DateTimeOffset from, long afterId, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await openReadConnection(cancellationToken);
        await using var command = HistoryQueries.Command(
            connection,
            DisconnectsSql,
            ("@start", HistoryQueries.Ms(from)),
            ("@afterId", afterId),
            ("@end", HistoryQueries.Ms(until)),
            ("@limit", Math.Min(limit, MaxRows)));
        return await HistoryQueries.ReadAllAsync(command, cancellationToken);
    }
}
