using Dashboard.Core.Conflicts;
using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.Api;

/// <summary>
/// A stored access failure as <c>/api/refused</c> shows it. <paramref name="Kind"/> is <c>connack</c>
/// (a refused CONNECT), <c>authentication</c> (a failed authentication) or <c>authorization</c> (a
/// denied publish or subscribe); <paramref name="ReasonCode"/> is EMQX's MQTT 5 name, verbatim, for
/// the first two; the topic, action, result and authorization source belong to the third.
/// </summary>
public sealed record RefusedDto(
    long Id,
    string Kind,
    string ClientId,
    DateTime At,
    DateTime ReceivedAt,
    string Source,
    string? Username,
    string? PeerIp,
    int? PeerPort,
    string? PeerNetwork,
    string? Node,
    string? ReasonCode,
    string? Topic,
    string? Action,
    string? Result,
    string? AuthzSource,
    int? ProtoVer,
    int? Keepalive,
    bool? CleanStart,
    long? ExpiryIntervalSeconds)
{
    public static RefusedDto From(StoredAccessFailure stored)
    {
        var e = stored.Event;
        return new(
            stored.Id,
            e.Kind switch
            {
                AccessEventKind.Connack => "connack",
                AccessEventKind.Authentication => "authentication",
                _ => "authorization",
            },
            e.ClientId,
            e.EventTime.UtcDateTime,
            e.ReceivedAt.UtcDateTime,
            EventDto.SourceName(e.Source),
            e.Username,
            e.PeerIp,
            e.PeerPort,
            NetworkPrefix.Of(e.PeerIp),
            e.Node,
            e.ReasonCode,
            e.Topic,
            e.Action,
            e.Result,
            e.AuthzSource,
            e.ProtoVer,
            e.Keepalive,
            e.CleanStart,
            e.ExpiryIntervalSeconds);
    }
}

/// <summary>
/// The JSON of <c>/api/refused/summary</c>: refused connects per reason code (keys verbatim) in each
/// bucket that has any, the top offenders by each key, and authorization denials grouped.
/// </summary>
public sealed record RefusedSummaryDto(
    DateTime From,
    DateTime To,
    long BucketSeconds,
    IReadOnlyList<RefusedBucketDto> Buckets,
    RefusedOffendersDto Offenders,
    IReadOnlyList<AuthorizationDenialDto> AuthorizationDenials);

public sealed record RefusedBucketDto(DateTime Start, Dictionary<string, long> Counts);

/// <summary>Top offenders by client ID, username, source IP and /24 (IPv4) or /48 (IPv6) network.</summary>
public sealed record RefusedOffendersDto(
    IReadOnlyList<RefusedOffenderDto> ClientIds,
    IReadOnlyList<RefusedOffenderDto> Usernames,
    IReadOnlyList<RefusedOffenderDto> PeerIps,
    IReadOnlyList<RefusedOffenderDto> Networks);

public sealed record RefusedOffenderDto(string Key, long Count, DateTime FirstAt, DateTime LastAt, IReadOnlyList<ReasonCodeCountDto> ReasonCodes)
{
    public static RefusedOffenderDto From(RefusedOffender o) => new(
        o.Key, o.Count, o.FirstAt.UtcDateTime, o.LastAt.UtcDateTime, o.ReasonCodes.Select(r => new ReasonCodeCountDto(r.ReasonCode, r.Count)).ToArray());
}

public sealed record ReasonCodeCountDto(string ReasonCode, long Count);

public sealed record AuthorizationDenialDto(string ClientId, string? Topic, string? Action, string? AuthzSource, long Count, DateTime FirstAt, DateTime LastAt);
