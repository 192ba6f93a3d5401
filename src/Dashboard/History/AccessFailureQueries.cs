using System.Data.Common;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Groups;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>
/// The access-failure reads both stores share, all in SQL that runs on SQLite and PostgreSQL alike.
/// Each is bounded: a time range (over the time index), a row or group limit capped by
/// <see cref="AccessFailureLimits"/>, and aggregates counted in the database, never by loading rows.
/// </summary>
internal sealed partial class AccessFailureQueries(Func<CancellationToken, Task<DbConnection>> openReadConnection)
{
    private const string F = AccessFailureTable.Table;
    private const string InRange = "event_time_ms >= @start AND event_time_ms < @end";
    private const string Refused = $"kind = '{AccessFailureTable.Connack}'";

    /// <summary>Deletes the oldest rows first, a bounded number per statement (as <see cref="HistoryQueries.PruneSql"/>).</summary>
    public static readonly string PruneSql = $"""
        DELETE FROM {F} WHERE id IN (
            SELECT id FROM {F} WHERE event_time_ms < @before ORDER BY event_time_ms LIMIT @limit)
        """;

    private static string BucketsSql(string group) => $"""
        SELECT (event_time_ms - @start) / @bucket AS b, reason_code, COUNT(*) AS n FROM {F}
        WHERE {Refused} AND {InRange} AND {group}
        GROUP BY 1, 2
        ORDER BY 1, 2
        """;

    // The top keys first (bounded by @limit), then their reason codes: a brute force with a million
    // client IDs yields a million groups in the first step, but only @limit rows leave the database.
    // The group's test (on f's client_id, username and peer_ip: top has no such columns) holds in both steps,
    // so a key shared with other groups counts and splits only the group's attempts.
    private static string OffendersSql(string column, string group) => $"""
        WITH top AS (
            SELECT {column} AS k, COUNT(*) AS n, MIN(event_time_ms) AS first_ms, MAX(event_time_ms) AS last_ms FROM {F}
            WHERE {Refused} AND {InRange} AND {column} IS NOT NULL AND {column} <> '' AND {group}
            GROUP BY {column}
            ORDER BY n DESC, last_ms DESC, k
            LIMIT @limit)
        SELECT top.k, top.n, top.first_ms, top.last_ms, f.reason_code, COUNT(*) AS rn
        FROM top JOIN {F} f ON f.{column} = top.k
        WHERE f.{Refused} AND f.event_time_ms >= @start AND f.event_time_ms < @end AND {group}
        GROUP BY top.k, top.n, top.first_ms, top.last_ms, f.reason_code
        ORDER BY top.n DESC, top.last_ms DESC, top.k, rn DESC, f.reason_code
        """;

    private static string DenialsSql(string group) => $"""
        SELECT client_id, topic, action, authz_source, COUNT(*) AS n, MIN(event_time_ms) AS first_ms, MAX(event_time_ms) AS last_ms FROM {F}
        WHERE kind = '{AccessFailureTable.Authorization}' AND {InRange} AND {group}
        GROUP BY client_id, topic, action, authz_source
        ORDER BY n DESC, last_ms DESC, client_id, topic
        LIMIT @limit
        """;

    public async Task<IReadOnlyList<StoredAccessFailure>> ListAsync(AccessFailureFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(filter.Limit);
        var conditions = new List<string> { InRange };
        var parameters = new List<(string, object)>
        {
            ("@start", HistoryQueries.Ms(filter.From)),
            ("@end", HistoryQueries.Ms(filter.Until)),
            ("@limit", Math.Min(filter.Limit, AccessFailureLimits.MaxRows)),
        };
        if (filter.ReasonCode is { } reason)
        {
            conditions.Add("reason_code = @reason");
            parameters.Add(("@reason", reason));
        }

        if (filter.ClientId is { } clientId)
        {
            conditions.Add("client_id = @client");
            parameters.Add(("@client", clientId));
        }

        if (filter.Peer is { IsNetwork: true } network)
        {
            conditions.Add("peer_net = @net");
            parameters.Add(("@net", network.Value));
        }
        else if (filter.Peer is { } peer)
        {
            // Through the network index, then the address: one index fewer for every insert to update,
            // for reading the rest of that /24 or /48 in the range.
            conditions.Add("peer_net = @net AND peer_ip = @peer");
            parameters.Add(("@net", (object?)NetworkPrefix.Of(peer.Value) ?? DBNull.Value));
            parameters.Add(("@peer", peer.Value));
        }

        await using var connection = await openReadConnection(cancellationToken);
        if (filter.Group is not null)
        {
            var predicate = GroupOf(filter.Group, connection);
            conditions.Add(predicate.Sql);
            parameters.AddRange(predicate.Parameters);
        }

        var sql = $"""
            SELECT {string.Join(", ", AccessFailureTable.Listed)} FROM {F}
            WHERE {string.Join(" AND ", conditions)}
            ORDER BY event_time_ms DESC, id DESC
            LIMIT @limit
            """;
        await using var command = HistoryQueries.Command(connection, sql, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<StoredAccessFailure>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(AccessFailureTable.Read(reader));
        }

        return rows;
    }

    /// <summary>Refused connects per bucket and reason code, of one device group's clients only when <paramref name="group"/> is given.</summary>
    public async Task<IReadOnlyList<RefusedBucket>> BucketsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, GroupFilter? group, CancellationToken cancellationToken)
    {
        var bucketMs = (long)bucket.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs, nameof(bucket));
        await using var connection = await openReadConnection(cancellationToken);
        var predicate = GroupOf(group, connection);
        await using var command = HistoryQueries.Command(
            connection, BucketsSql(predicate.Sql), [("@start", HistoryQueries.Ms(from)), ("@end", HistoryQueries.Ms(to)), ("@bucket", bucketMs), .. predicate.Parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var buckets = new List<RefusedBucket>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var start = from.AddMilliseconds(reader.GetInt64(0) * bucketMs);
            if (buckets.Count == 0 || buckets[^1].Start != start)
            {
                buckets.Add(new RefusedBucket(start, new Dictionary<string, long>(StringComparer.Ordinal)));
            }

            ((Dictionary<string, long>)buckets[^1].Counts)[reader.GetString(1)] = reader.GetInt64(2);
        }

        return buckets;
    }

    /// <summary>The top offenders by <paramref name="by"/>, counting one device group's clients only when <paramref name="group"/> is given.</summary>
    public async Task<IReadOnlyList<RefusedOffender>> OffendersAsync(OffenderKey by, DateTimeOffset from, DateTimeOffset to, int limit, GroupFilter? group, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var column = by switch
        {
            OffenderKey.ClientId => "client_id",
            OffenderKey.Username => "username",
            OffenderKey.PeerIp => "peer_ip",
            OffenderKey.Network => "peer_net",
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, null),
        };
        await using var connection = await openReadConnection(cancellationToken);
        var predicate = GroupOf(group, connection);
        await using var command = HistoryQueries.Command(
            connection,
            OffendersSql(column, predicate.Sql),
            [("@start", HistoryQueries.Ms(from)), ("@end", HistoryQueries.Ms(to)), ("@limit", Math.Min(limit, AccessFailureLimits.MaxGroups)), .. predicate.Parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var offenders = new List<RefusedOffender>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(0);
            if (offenders.Count == 0 || offenders[^1].Key != key)
            {
                offenders.Add(new RefusedOffender(
                    key,
                    reader.GetInt64(1),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    new List<ReasonCodeCount>()));
            }

            ((List<ReasonCodeCount>)offenders[^1].ReasonCodes).Add(new ReasonCodeCount(reader.GetString(4), reader.GetInt64(5)));
        }

        return offenders;
    }

    /// <summary>Authorization denials grouped, of one device group's clients only when <paramref name="group"/> is given.</summary>
    public async Task<IReadOnlyList<AuthorizationDenialGroup>> DenialsAsync(DateTimeOffset from, DateTimeOffset to, int limit, GroupFilter? group, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await openReadConnection(cancellationToken);
        var predicate = GroupOf(group, connection);
        await using var command = HistoryQueries.Command(
            connection,
            DenialsSql(predicate.Sql),
            [("@start", HistoryQueries.Ms(from)), ("@end", HistoryQueries.Ms(to)), ("@limit", Math.Min(limit, AccessFailureLimits.MaxGroups)), .. predicate.Parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<AuthorizationDenialGroup>();
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new AuthorizationDenialGroup(
                reader.GetString(0),
                reader.GetString(1) is { Length: > 0 } topic ? topic : null,
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }

        return groups;
    }

    /// <summary>The group's test, "1 = 1" for the whole fleet, and matching nothing for a group no longer defined.</summary>
    private static SqlPredicate GroupOf(GroupFilter? group, DbConnection connection) =>
        group is null ? SqlPredicate.Everything : GroupPredicate.For(group, connection) ?? SqlPredicate.Nothing;
}
