using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;

namespace Dashboard.Tests.Components;

/// <summary>A group's history by LINQ: an event is the group's when its client ID, username and peer IP fall in it by the first-match rule.</summary>
internal sealed partial class InMemoryHistoryStore : IGroupHistory
{
    public IAsyncEnumerable<StoredEvent> ExportAsync(DateTimeOffset from, DateTimeOffset until, string? clientId, GroupFilter group, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by the pages.");

    public Task<IReadOnlyList<ReasonBucket>> GetReasonBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, GroupFilter group, CancellationToken cancellationToken) =>
        ReasonBucketsOf(from, until, bucket, e => group.Matcher.IsIn(group.Name, e.ClientId, e.Username, e.PeerIp));

    public Task<IReadOnlyList<ReasonClient>> GetClientsByReasonAsync(string reason, DateTimeOffset from, DateTimeOffset until, int limit, GroupFilter group, CancellationToken cancellationToken) =>
        ClientsByReasonOf(reason, from, until, limit, e => group.Matcher.IsIn(group.Name, e.ClientId, e.Username, e.PeerIp));

    // The refused connections' group reads: the page tests that need them use a real SQLite store.
    public Task<IReadOnlyList<RefusedBucket>> GetRefusedBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, GroupFilter group, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<RefusedOffender>> GetRefusedOffendersAsync(OffenderKey by, DateTimeOffset from, DateTimeOffset until, int limit, GroupFilter group, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<AuthorizationDenialGroup>> GetAuthorizationDenialsAsync(DateTimeOffset from, DateTimeOffset until, int limit, GroupFilter group, CancellationToken cancellationToken) => throw new NotSupportedException();
}
