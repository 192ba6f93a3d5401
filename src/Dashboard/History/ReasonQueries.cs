using System.Data.Common;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;

namespace Dashboard.History;

/// <summary>
/// The disconnect-reason aggregates both stores share. Counting happens in the database (GROUP BY
/// bucket index and reason over the event-time index), never by loading rows: a week of a large
/// fleet is millions of events but only a few thousand groups.
/// </summary>
internal sealed class ReasonQueries(Func<CancellationToken, Task<DbConnection>> openReadConnection)
{
    private const string T = HistoryColumns.Table;

    // Integer division on bigint/INTEGER in both databases; rows are >= @start, so never negative.
    private static string BucketsSql(string? filter) => $"""
        SELECT (event_time_ms - @start) / @bucket AS b, kind, reason, COUNT(*) AS n FROM {T}
        WHERE event_time_ms >= @start AND event_time_ms < @end{(filter is null ? "" : " AND " + filter)}
        GROUP BY 1, 2, 3
        ORDER BY 1
        """;

    private static string ClientsSql(bool noReason, string? filter) => $"""
        SELECT client_id, COUNT(*) AS n, MAX(event_time_ms) AS last_ms FROM {T}
        WHERE kind = '{HistoryColumns.Disconnected}' AND {(noReason ? "reason IS NULL" : "reason = @reason")}
          AND event_time_ms >= @start AND event_time_ms < @end{(filter is null ? "" : " AND " + filter)}
        GROUP BY client_id
        ORDER BY n DESC, last_ms DESC, client_id
        LIMIT @limit
        """;

    public Task<IReadOnlyList<ReasonBucket>> GetBucketsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken cancellationToken) =>
        GetBucketsAsync(from, to, bucket, null, cancellationToken);

    /// <summary>The buckets, of one device group's clients only when <paramref name="group"/> is given.</summary>
    public async Task<IReadOnlyList<ReasonBucket>> GetBucketsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, GroupFilter? group, CancellationToken cancellationToken)
    {
        var bucketMs = (long)bucket.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs, nameof(bucket));
        await using var connection = await openReadConnection(cancellationToken);
        var predicate = group is null ? null : GroupPredicate.For(group, connection) ?? SqlPredicate.Nothing;
        await using var command = HistoryQueries.Command(
            connection,
            BucketsSql(predicate?.Sql),
            [("@start", HistoryQueries.Ms(from)), ("@end", HistoryQueries.Ms(to)), ("@bucket", bucketMs), .. predicate?.Parameters ?? []]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var buckets = new List<ReasonBucket>();
        long? current = null;
        Dictionary<string, long> counts = new(StringComparer.Ordinal);
        long connects = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var index = reader.GetInt64(0);
            if (current != index)
            {
                Flush();
                (current, counts, connects) = (index, new Dictionary<string, long>(StringComparer.Ordinal), 0);
            }

            var n = reader.GetInt64(3);
            if (reader.GetString(1) == HistoryColumns.Connected)
            {
                connects += n;
            }
            else
            {
                var key = ReasonBucket.KeyOf(reader.IsDBNull(2) ? null : reader.GetString(2));
                counts[key] = counts.GetValueOrDefault(key) + n;
            }
        }

        Flush();
        return buckets;

        void Flush()
        {
            if (current is { } i)
            {
                buckets.Add(new ReasonBucket(from.AddMilliseconds(i * bucketMs), counts, connects));
            }
        }
    }

    /// <summary>The clients behind one reason, of one device group's clients only when <paramref name="group"/> is given.</summary>
    public async Task<IReadOnlyList<ReasonClient>> GetClientsAsync(string reason, DateTimeOffset from, DateTimeOffset to, int limit, GroupFilter? group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var noReason = reason == ReasonBucket.NoReason;
        await using var connection = await openReadConnection(cancellationToken);
        var predicate = group is null ? null : GroupPredicate.For(group, connection) ?? SqlPredicate.Nothing;
        (string, object)[] parameters = [("@start", HistoryQueries.Ms(from)), ("@end", HistoryQueries.Ms(to)), ("@limit", limit), .. predicate?.Parameters ?? []];
        await using var command = HistoryQueries.Command(connection, ClientsSql(noReason, predicate?.Sql), noReason ? parameters : [.. parameters, ("@reason", reason)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var clients = new List<ReasonClient>();
        while (await reader.ReadAsync(cancellationToken))
        {
            clients.Add(new ReasonClient(reader.GetString(0), reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return clients;
    }
}
