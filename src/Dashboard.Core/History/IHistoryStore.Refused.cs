using Dashboard.Core.Events;

namespace Dashboard.Core.History;

/// <summary>
/// The refused-connections side of history: stored access failures (<see cref="AppendAccessFailuresAsync"/>)
/// and the bounded queries over them. Refused connects, failed authentications and authorization
/// denials live in a table of their own, so a flood of them never crowds the connection events.
/// </summary>
public partial interface IHistoryStore
{
    /// <summary>
    /// Access failures (<see cref="AccessFailureFilter"/>) with event time in its range, newest first,
    /// at most <see cref="AccessFailureFilter.Limit"/> (capped at <see cref="AccessFailureLimits.MaxRows"/>).
    /// Raw JSON is left out, as in the other lists.
    /// </summary>
    Task<IReadOnlyList<StoredAccessFailure>> GetAccessFailuresAsync(AccessFailureFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Refused connects (connack failures only) per reason code, per bucket of <paramref name="bucket"/>
    /// counted from <paramref name="from"/>, for event times in [from, until). Only buckets with refusals, oldest first.
    /// </summary>
    Task<IReadOnlyList<RefusedBucket>> GetRefusedBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken);

    /// <summary>
    /// Who was refused most (connack failures only, one per attempt) in [from, until), grouped by
    /// <paramref name="by"/>: count, first and last seen and the reason codes; most frequent first
    /// (then most recent), at most <paramref name="limit"/> (capped at <see cref="AccessFailureLimits.MaxGroups"/>).
    /// Rows without the key (no username, no peer) are left out.
    /// </summary>
    Task<IReadOnlyList<RefusedOffender>> GetRefusedOffendersAsync(OffenderKey by, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Authorization denials in [from, until) grouped by client, topic, action and source: what an
    /// operator needs to find the ACL rule to fix. Most frequent first, at most <paramref name="limit"/>
    /// (capped at <see cref="AccessFailureLimits.MaxGroups"/>).
    /// </summary>
    Task<IReadOnlyList<AuthorizationDenialGroup>> GetAuthorizationDenialsAsync(DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Client IDs with stored access failures that start with <paramref name="prefix"/> (ordinal,
    /// case-sensitive), in ordinal order, at most <paramref name="limit"/> (capped at
    /// <see cref="AccessFailureLimits.MaxClientIds"/>): the search box finds clients that were refused
    /// every time, whom live state and the connection events never saw. One index seek per ID
    /// returned, however many failures each has.
    /// </summary>
    Task<IReadOnlyList<string>> GetRefusedClientIdsAsync(string prefix, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="batchSize"/> access failures older than <paramref name="olderThan"/>, oldest first; returns how many.</summary>
    Task<int> PruneAccessFailuresAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken);
}

/// <summary>The stores' caps on what one access-failure query returns, whatever the caller asks.</summary>
public static class AccessFailureLimits
{
    public const int MaxRows = 10_000;

    public const int MaxGroups = 1_000;

    /// <summary>The most client IDs one <see cref="IHistoryStore.GetRefusedClientIdsAsync"/> returns.</summary>
    public const int MaxClientIds = 100;
}

/// <summary>
/// What <see cref="IHistoryStore.GetAccessFailuresAsync"/> lists: event times in [<see cref="From"/>,
/// <see cref="Until"/>), and optionally one reason code, one client ID and one peer (exact values).
/// </summary>
public sealed record AccessFailureFilter(DateTimeOffset From, DateTimeOffset Until, int Limit)
{
    public string? ReasonCode { get; init; }

    public string? ClientId { get; init; }

    /// <summary>One address (normalised like <see cref="AccessEvent.PeerIp"/>) or one network (<see cref="PeerFilter"/>).</summary>
    public PeerFilter? Peer { get; init; }

    /// <summary>Only clients of this device group (first match wins), judged on the failure's client ID, username and address.</summary>
    public Groups.GroupFilter? Group { get; init; }
}

/// <summary>An access failure as stored: the event (without its raw JSON) and its storage sequence number.</summary>
public sealed record StoredAccessFailure(long Id, AccessEvent Event);

/// <summary>Refused connects per reason code (verbatim) in the bucket starting at <see cref="Start"/>.</summary>
public sealed record RefusedBucket(DateTimeOffset Start, IReadOnlyDictionary<string, long> Counts);

/// <summary>What <see cref="IHistoryStore.GetRefusedOffendersAsync"/> groups by.</summary>
public enum OffenderKey
{
    ClientId,
    Username,
    PeerIp,

    /// <summary>The /24 (IPv4) or /48 (IPv6) network of the peer.</summary>
    Network,
}

/// <summary>One key's refusals: how many, first and last seen, and each reason code with its count (most first).</summary>
public sealed record RefusedOffender(string Key, long Count, DateTimeOffset FirstAt, DateTimeOffset LastAt, IReadOnlyList<ReasonCodeCount> ReasonCodes);

public sealed record ReasonCodeCount(string ReasonCode, long Count);

/// <summary>Denials of one client for one topic, action and authorization source.</summary>
public sealed record AuthorizationDenialGroup(
    string ClientId,
    string? Topic,
    string? Action,
    string? AuthzSource,
    long Count,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt);
