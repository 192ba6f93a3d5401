using System.Data.Common;
using System.Runtime.CompilerServices;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>
/// The read side both stores share. The SQL runs on SQLite and PostgreSQL alike but for one join
/// (<c>lateralJoins</c>, PostgreSQL only); each store says how to open a read connection (from its
/// own small pool, with a command timeout, never from the writer's). Lists leave raw_json out.
/// </summary>
internal sealed class HistoryQueries(Func<CancellationToken, Task<DbConnection>> openReadConnection, bool lateralJoins)
{
    private const string T = HistoryColumns.Table;

    private readonly string _seedSql = SeedSql(lateralJoins);

    private static readonly string ClientEventsSql = $"""
        SELECT {HistoryColumns.Select("e")} FROM {T} e
        WHERE e.client_id = @client AND e.event_time_ms >= @start AND e.event_time_ms < @end
        ORDER BY e.event_time_ms DESC, e.id DESC
        LIMIT @limit
        """;

    private static readonly string ExportSql = $"""
        SELECT {HistoryColumns.Select("e")} FROM {T} e
        WHERE e.event_time_ms >= @start AND e.event_time_ms < @end
        ORDER BY e.event_time_ms, e.id
        """;

    private static readonly string ExportClientSql = $"""
        SELECT {HistoryColumns.Select("e")} FROM {T} e
        WHERE e.client_id = @client AND e.event_time_ms >= @start AND e.event_time_ms < @end
        ORDER BY e.event_time_ms, e.id
        """;

    // The two aggregates read only the identity index (client_id, event_time_ms, kind, peer_ip),
    // never the wide rows; rows are then fetched per client through its (client_id, event_time_ms) prefix.
    // The tie-break subquery picks one disconnect when two share a millisecond (different peers).
    // PostgreSQL guesses that "event_time_ms >= c.t" keeps a third of the table and would hash-join
    // a full scan of it (4 s at 2M rows); a LATERAL subquery fenced with OFFSET 0 keeps the
    // per-client index lookups (1 s). SQLite only does nested loops, so it gets the plain join.
    private static string SeedSql(bool lateral) => $"""
        WITH connects AS (
            SELECT client_id, MAX(event_time_ms) AS t FROM {T}
            WHERE kind = '{HistoryColumns.Connected}' AND event_time_ms >= @since
            GROUP BY client_id),
        disconnects AS (
            SELECT client_id, MAX(event_time_ms) AS t FROM {T}
            WHERE kind = '{HistoryColumns.Disconnected}' AND event_time_ms >= @since
            GROUP BY client_id)
        SELECT {HistoryColumns.Select("e")} FROM connects c
        {(lateral
            ? $"CROSS JOIN LATERAL (SELECT * FROM {T} x WHERE x.client_id = c.client_id AND x.event_time_ms >= c.t OFFSET 0) e"
            : $"JOIN {T} e ON e.client_id = c.client_id AND e.event_time_ms >= c.t")}
        UNION ALL
        SELECT {HistoryColumns.Select("e")} FROM {T} e
        WHERE e.id IN (
            SELECT (SELECT x.id FROM {T} x
                    WHERE x.client_id = d.client_id AND x.kind = '{HistoryColumns.Disconnected}' AND x.event_time_ms = d.t
                    ORDER BY x.id DESC LIMIT 1)
            FROM disconnects d
            WHERE NOT EXISTS (SELECT 1 FROM connects c WHERE c.client_id = d.client_id))
        ORDER BY event_time_ms, id
        """;

    // Walks the primary key from afterId and filters on received_at_ms, which has no index of its
    // own (one more index would slow every insert for a query a fresh MQTT session runs once). The
    // rows received since the watermark are the newest, so the first page reads past the older ones
    // once; the pages after it start where the last one ended.
    private static readonly string ReceivedSinceSql = $"""
        SELECT {HistoryColumns.Select("e")} FROM {T} e
        WHERE e.id > @after AND e.received_at_ms >= @since
        ORDER BY e.id
        LIMIT @limit
        """;

    private static readonly string RawJsonSql = $"SELECT raw_json FROM {T} WHERE id = @id";

    /// <summary>Deletes the oldest rows first, a bounded number per statement, so no statement holds locks for long.</summary>
    public static readonly string PruneSql = $"""
        DELETE FROM {T} WHERE id IN (
            SELECT id FROM {T} WHERE event_time_ms < @before ORDER BY event_time_ms LIMIT @limit)
        """;

    public static readonly string CountSql = $"SELECT COUNT(*), MIN(event_time_ms), MAX(event_time_ms) FROM {T}";

    public async Task<IReadOnlyList<StoredEvent>> GetClientEventsAsync(string clientId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await openReadConnection(cancellationToken);
        await using var command = Command(connection, ClientEventsSql, ("@client", clientId), ("@start", Ms(from)), ("@end", Ms(to)), ("@limit", limit));
        return await ReadAllAsync(command, cancellationToken);
    }

    public async IAsyncEnumerable<StoredEvent> ExportAsync(DateTimeOffset from, DateTimeOffset to, string? clientId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await openReadConnection(cancellationToken);
        await using var command = clientId is null
            ? Command(connection, ExportSql, ("@start", Ms(from)), ("@end", Ms(to)))
            : Command(connection, ExportClientSql, ("@client", clientId), ("@start", Ms(from)), ("@end", Ms(to)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return HistoryColumns.Read(reader);
        }
    }

    public async Task<IReadOnlyList<StoredEvent>> LoadLiveStateSeedAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await openReadConnection(cancellationToken);
        await using var command = Command(connection, _seedSql, ("@since", Ms(since)));

        // Start-up, not a request: on a large history the rebuild may take longer than the read
        // timeout meant for pages, and failing it would stop the app.
        command.CommandTimeout = 0;
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredEvent>> GetReceivedSinceAsync(DateTimeOffset since, long afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await openReadConnection(cancellationToken);
        await using var command = Command(connection, ReceivedSinceSql, ("@after", afterId), ("@since", Ms(since)), ("@limit", limit));

        // Not a request: on a large history the first page may take longer than the read timeout meant for pages.
        command.CommandTimeout = 0;
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<string?> GetRawJsonAsync(long eventId, CancellationToken cancellationToken)
    {
        await using var connection = await openReadConnection(cancellationToken);
        await using var command = Command(connection, RawJsonSql, ("@id", eventId));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<DeadLetters> GetDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await openReadConnection(cancellationToken);
        return await DeadLetterTable.ReadAsync(connection, limit, cancellationToken);
    }

    /// <summary>Event count and the oldest and newest event times.</summary>
    public static async Task<(long Count, DateTimeOffset? Oldest, DateTimeOffset? Newest)> CountAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, CountSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
    }

    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static async Task<IReadOnlyList<StoredEvent>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(HistoryColumns.Read(reader));
        }

        return events;
    }
}
