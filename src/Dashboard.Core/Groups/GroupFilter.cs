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
}
