using Dashboard.Core.History;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Groups;

/// <summary>"Only clients of group <see cref="Name"/>", judged by <see cref="Matcher"/> (the definitions in force when the request began).</summary>
public sealed record GroupFilter(GroupMatcher Matcher, string Name);

/// <summary>History queries narrowed to one device group, in the database (both stores), by the first-match rule.</summary>
public interface IGroupHistory
{
    /// <summary>Events in [from, until) of the group's clients (and of one client, if given), oldest first.</summary>
    IAsyncEnumerable<StoredEvent> ExportAsync(DateTimeOffset from, DateTimeOffset until, string? clientId, GroupFilter group, CancellationToken cancellationToken);

    /// <summary>As <see cref="IHistoryStore.GetReasonBucketsAsync"/>, counting only the group's clients.</summary>
    Task<IReadOnlyList<ReasonBucket>> GetReasonBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, GroupFilter group, CancellationToken cancellationToken);

    /// <summary>As <see cref="IHistoryStore.GetClientsByReasonAsync"/>, listing only the group's clients.</summary>
    Task<IReadOnlyList<ReasonClient>> GetClientsByReasonAsync(string reason, DateTimeOffset from, DateTimeOffset until, int limit, GroupFilter group, CancellationToken cancellationToken);

    /// <summary>As <see cref="IHistoryStore.GetRefusedBucketsAsync"/>, counting only the group's refused connects.</summary>
    Task<IReadOnlyList<RefusedBucket>> GetRefusedBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, GroupFilter group, CancellationToken cancellationToken);

    /// <summary>As <see cref="IHistoryStore.GetRefusedOffendersAsync"/>, counting only the group's refused connects.</summary>
    Task<IReadOnlyList<RefusedOffender>> GetRefusedOffendersAsync(OffenderKey by, DateTimeOffset from, DateTimeOffset until, int limit, GroupFilter group, CancellationToken cancellationToken);

    /// <summary>As <see cref="IHistoryStore.GetAuthorizationDenialsAsync"/>, of the group's clients only.</summary>
    Task<IReadOnlyList<AuthorizationDenialGroup>> GetAuthorizationDenialsAsync(DateTimeOffset from, DateTimeOffset until, int limit, GroupFilter group, CancellationToken cancellationToken);
}
