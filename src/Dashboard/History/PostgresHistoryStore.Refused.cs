using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>Refused connections: access failures inserted as one batch statement, read by the shared queries.</summary>
public sealed partial class PostgresHistoryStore
{
    private readonly AccessFailureQueries _accessFailures;

    public async Task<int> AppendAccessFailuresAsync(IReadOnlyList<AccessEvent> failures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (failures.Count == 0)
        {
            return 0;
        }

        var batch = new PostgresAccessBatch(failures);
        return await InsertWithRetryAsync(batch.CreateInsert, cancellationToken);
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
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var delete = HistoryQueries.Command(connection, AccessFailureQueries.PruneSql, ("@before", HistoryQueries.Ms(olderThan)), ("@limit", batchSize));
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
