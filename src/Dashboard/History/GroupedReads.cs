using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;

namespace Dashboard.History;

/// <summary>
/// The history reads a page or an API narrows by its <c>group</c> parameter: the whole fleet's read without a group,
/// the store's <see cref="IGroupHistory"/> read with one. Both real stores are group histories.
/// </summary>
internal static class GroupedReads
{
    public static Task<IReadOnlyList<ReasonClient>> GetClientsByReasonAsync(this IHistoryStore store, string reason, DateTimeOffset from, DateTimeOffset until, int limit, GroupFilter? group, CancellationToken cancellationToken) =>
        group is null ? store.GetClientsByReasonAsync(reason, from, until, limit, cancellationToken) : Grouped(store).GetClientsByReasonAsync(reason, from, until, limit, group, cancellationToken);

    public static Task<IReadOnlyList<RefusedBucket>> GetRefusedBucketsAsync(this IHistoryStore store, DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, GroupFilter? group, CancellationToken cancellationToken) =>
        group is null ? store.GetRefusedBucketsAsync(from, until, bucket, cancellationToken) : Grouped(store).GetRefusedBucketsAsync(from, until, bucket, group, cancellationToken);

    public static Task<IReadOnlyList<RefusedOffender>> GetRefusedOffendersAsync(this IHistoryStore store, OffenderKey by, DateTimeOffset from, DateTimeOffset until, int limit, GroupFilter? group, CancellationToken cancellationToken) =>
        group is null ? store.GetRefusedOffendersAsync(by, from, until, limit, cancellationToken) : Grouped(store).GetRefusedOffendersAsync(by, from, until, limit, group, cancellationToken);

    public static Task<IReadOnlyList<AuthorizationDenialGroup>> GetAuthorizationDenialsAsync(this IHistoryStore store, DateTimeOffset from, DateTimeOffset until, int limit, GroupFilter? group, CancellationToken cancellationToken) =>
        group is null ? store.GetAuthorizationDenialsAsync(from, until, limit, cancellationToken) : Grouped(store).GetAuthorizationDenialsAsync(from, until, limit, group, cancellationToken);

    private static IGroupHistory Grouped(IHistoryStore store) =>
        store as IGroupHistory ?? throw new NotSupportedException("This history store cannot narrow its reads to a device group.");
}
