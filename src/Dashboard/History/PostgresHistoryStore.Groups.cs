using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;

namespace Dashboard.History;

/// <summary>
/// Run-time device groups (<see cref="GroupTable"/>), written like the actions: each change NOTIFYs the other instances;
/// and history reads narrowed to a group (<see cref="GroupPredicate"/>).
/// </summary>
public sealed partial class PostgresHistoryStore : IGroupStoreOwner, IGroupHistory
{
    private SqlGroupStore? _groups;
    private GroupQueries? _groupQueries;

    public IGroupStore Groups => _groups ??= new SqlGroupStore(async ct => await _readSource.OpenConnectionAsync(ct), WriteAsync);

    private GroupQueries GroupReads => _groupQueries ??= new GroupQueries(async ct => await _readSource.OpenConnectionAsync(ct));

    public IAsyncEnumerable<StoredEvent> ExportAsync(DateTimeOffset from, DateTimeOffset until, string? clientId, GroupFilter group, CancellationToken cancellationToken) =>
        GroupReads.ExportAsync(from, until, clientId, group, cancellationToken);

    public Task<IReadOnlyList<ReasonBucket>> GetReasonBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, GroupFilter group, CancellationToken cancellationToken) =>
        _reasons.GetBucketsAsync(from, until, bucket, group, cancellationToken);

    public Task<IReadOnlyList<ReasonClient>> GetClientsByReasonAsync(string reason, DateTimeOffset from, DateTimeOffset until, int limit, GroupFilter group, CancellationToken cancellationToken) =>
        _reasons.GetClientsAsync(reason, from, until, limit, group, cancellationToken);

    public Task<IReadOnlyList<RefusedBucket>> GetRefusedBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, GroupFilter group, CancellationToken cancellationToken) =>
        _accessFailures.BucketsAsync(from, until, bucket, group, cancellationToken);

    public Task<IReadOnlyList<RefusedOffender>> GetRefusedOffendersAsync(OffenderKey by, DateTimeOffset from, DateTimeOffset until, int limit, GroupFilter group, CancellationToken cancellationToken) =>
        _accessFailures.OffendersAsync(by, from, until, limit, group, cancellationToken);

    public Task<IReadOnlyList<AuthorizationDenialGroup>> GetAuthorizationDenialsAsync(DateTimeOffset from, DateTimeOffset until, int limit, GroupFilter group, CancellationToken cancellationToken) =>
        _accessFailures.DenialsAsync(from, until, limit, group, cancellationToken);
}
