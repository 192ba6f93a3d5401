using System.Data.Common;
using System.Globalization;
using Dashboard.Core.Groups;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>
/// "Online at a moment" from the sessions rollup (<see cref="SessionTable"/>), the same SQL on both stores and the same
/// answer as <see cref="MomentQueries"/> gives from the events. One branch per place a session containing T can be:
/// the open sessions that began at or before T, and for each level the two buckets a session of that length containing
/// T began in. Each branch reads its index in client order after the keyset and stops after a page, so a page costs
/// about the page times the branches, whether half the fleet was online at T or nobody was.
/// </summary>
internal sealed class SessionQueries(Func<CancellationToken, Task<DbConnection>> openReadConnection)
{
    private const string S = SessionTable.Table;

    private static readonly string Columns = "client_id, started_ms, ended_ms, connect_id";

    private static string Branch(string where) => $"""
        SELECT * FROM (SELECT {Columns} FROM {S}
            WHERE {where} AND started_ms <= @at AND client_id > @after ORDER BY client_id LIMIT @limit) AS b
        """;

    private static IEnumerable<string> Branches()
    {
        yield return Branch("ended_ms IS NULL");
        for (var level = 0; level < SessionTable.Levels; level++)
        {
            var width = SessionTable.Width(level).ToString(CultureInfo.InvariantCulture);
            var lvl = level.ToString(CultureInfo.InvariantCulture);
            yield return Branch($"ended_ms IS NOT NULL AND lvl = {lvl} AND bucket = @at / {width} AND ended_ms > @at");
            yield return Branch($"ended_ms IS NOT NULL AND lvl = {lvl} AND bucket = @at / {width} - 1 AND ended_ms > @at");
        }

        yield return Branch($"ended_ms IS NOT NULL AND lvl = {SessionTable.Levels.ToString(CultureInfo.InvariantCulture)} AND bucket = 0 AND ended_ms > @at");
    }

    internal static readonly string OnlineAtSql = $"""
        SELECT {HistoryColumns.Select("e")} FROM (
        {string.Join("\nUNION ALL\n", Branches())}
        ) s
        JOIN {HistoryColumns.Table} e ON e.id = s.connect_id
        ORDER BY s.client_id
        LIMIT @limit
        """;

    /// <summary>
    /// One username's sessions containing T, from its index in client order: the rows of the clients that used the
    /// username (all their sessions with it), not the whole moment's, so a username that one client in a thousand uses
    /// costs about what a page does. A client has one session containing T at most (each ends at the next connect).
    /// </summary>
    internal static readonly string OnlineAtByUsernameSql = $"""
        SELECT {HistoryColumns.Select("e")} FROM (
            SELECT client_id, connect_id FROM {S}
            WHERE username = @username AND client_id > @after AND started_ms <= @at AND (ended_ms IS NULL OR ended_ms > @at)
            ORDER BY client_id LIMIT @limit) s
        JOIN {HistoryColumns.Table} e ON e.id = s.connect_id
        ORDER BY s.client_id
        """;

    public async Task<IReadOnlyList<StoredEvent>> OnlineAtAsync(DateTimeOffset at, string? afterClientId, int limit, string? username, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await openReadConnection(cancellationToken);
        (string, object)[] parameters = [("@at", HistoryQueries.Ms(at)), ("@after", afterClientId ?? ""), ("@limit", Math.Min(limit, MomentQueries.MaxRows))];
        await using var command = username is null
            ? HistoryQueries.Command(connection, OnlineAtSql, parameters)
            : HistoryQueries.Command(connection, OnlineAtByUsernameSql, [.. parameters, ("@username", username)]);
        return await HistoryQueries.ReadAllAsync(command, cancellationToken);
    }

    // A session overlaps [start, end), or is the client's latest that began before start (the subquery, on the key).
    private static string GroupSessionsSql(string group) => $"""
        SELECT client_id, started_ms, ended_ms, username, peer_ip FROM (
            SELECT s.client_id, s.started_ms, s.ended_ms, e.username, e.peer_ip
            FROM {S} s JOIN {HistoryColumns.Table} e ON e.id = s.connect_id
            WHERE s.started_ms < @end AND (s.ended_ms IS NULL OR s.ended_ms > @start OR s.started_ms = (
                SELECT MAX(p.started_ms) FROM {S} p WHERE p.client_id = s.client_id AND p.started_ms < @start))) x
        WHERE {group}
        ORDER BY client_id, started_ms
        LIMIT @limit
        """;

    public async Task<IReadOnlyList<UptimeSession>> GroupSessionsAsync(DateTimeOffset from, DateTimeOffset to, GroupFilter group, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await openReadConnection(cancellationToken);
        var predicate = GroupPredicate.For(group, connection) ?? SqlPredicate.Nothing;
        await using var command = HistoryQueries.Command(
            connection,
            GroupSessionsSql(predicate.Sql),
            [("@start", HistoryQueries.Ms(from)), ("@end", HistoryQueries.Ms(to)), ("@limit", limit), .. predicate.Parameters]);
        var sessions = new List<UptimeSession>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var peer = reader.IsDBNull(4) ? "" : reader.GetString(4);
            sessions.Add(new UptimeSession(
                reader.GetString(0),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                peer.Length == 0 ? null : peer,
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return sessions;
    }

    /// <summary>Whether the rollup covers every stored event (its backfill has finished).</summary>
    public async Task<bool> IsCompleteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await openReadConnection(cancellationToken);
        await using var command = HistoryQueries.Command(connection, SessionTable.BackfillPendingSql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0;
    }
}
