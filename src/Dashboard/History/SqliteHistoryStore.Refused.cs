using Dashboard.Core.Events;
using Dashboard.Core.History;
using Microsoft.Data.Sqlite;

namespace Dashboard.History;

/// <summary>Refused connections: access failures written on the one write connection, read by the shared queries.</summary>
public sealed partial class SqliteHistoryStore
{
    private static readonly string InsertAccessFailureSql = $"""
        INSERT INTO {AccessFailureTable.Table} ({string.Join(", ", AccessFailureTable.Inserted)})
        VALUES ({string.Join(", ", AccessFailureTable.Inserted.Select(c => "@" + c))})
        ON CONFLICT ({AccessFailureTable.IdentityColumns}) DO NOTHING
        """;

    private readonly AccessFailureQueries _accessFailures;

    public async Task<int> AppendAccessFailuresAsync(IReadOnlyList<AccessEvent> failures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (failures.Count == 0)
        {
            return 0;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var (connection, _) = WriteSide();
            await using var transaction = connection.BeginTransaction();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = InsertAccessFailureSql;
            foreach (var column in AccessFailureTable.Inserted)
            {
                insert.Parameters.Add(new SqliteParameter("@" + column, null));
            }

            insert.Prepare();
            var added = 0;
            foreach (var failure in failures)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var values = AccessFailureTable.Values(failure);
                for (var i = 0; i < values.Length; i++)
                {
                    insert.Parameters[i].Value = values[i] ?? DBNull.Value;
                }

                added += insert.ExecuteNonQuery();
            }

            // Not cancellable: once every row is in, "returned" must mean "durable".
            transaction.Commit();
            return added;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<IReadOnlyList<StoredAccessFailure>> GetAccessFailuresAsync(AccessFailureFilter filter, CancellationToken cancellationToken) =>
        _accessFailures.ListAsync(filter, cancellationToken);

    public Task<IReadOnlyList<RefusedBucket>> GetRefusedBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken) =>
        _accessFailures.BucketsAsync(from, until, bucket, null, cancellationToken);

    public Task<IReadOnlyList<RefusedOffender>> GetRefusedOffendersAsync(OffenderKey by, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        _accessFailures.OffendersAsync(by, from, until, limit, null, cancellationToken);

    public Task<IReadOnlyList<AuthorizationDenialGroup>> GetAuthorizationDenialsAsync(DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        _accessFailures.DenialsAsync(from, until, limit, null, cancellationToken);

    public Task<IReadOnlyList<string>> GetRefusedClientIdsAsync(string prefix, int limit, CancellationToken cancellationToken) =>
        _accessFailures.ClientIdsAsync(prefix, limit, cancellationToken);

    public async Task<int> PruneAccessFailuresAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var (connection, _) = WriteSide();
            await using var delete = HistoryQueries.Command(connection, AccessFailureQueries.PruneSql, ("@before", HistoryQueries.Ms(olderThan)), ("@limit", batchSize));
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
