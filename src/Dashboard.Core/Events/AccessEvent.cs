namespace Dashboard.Core.Events;

/// <summary>Which of EMQX's access answers an <see cref="AccessEvent"/> reports.</summary>
public enum AccessEventKind
{
    /// <summary><c>client.connack</c>: the broker's CONNACK to a CONNECT, success or refusal.</summary>
    Connack,

    /// <summary><c>client.check_authn_complete</c>: the result of authenticating a CONNECT.</summary>
    Authentication,

    /// <summary><c>client.check_authz_complete</c>: an allow or deny for one publish or subscribe.</summary>
    Authorization,
}

/// <summary>
/// One answer EMQX gave a client: a CONNACK, an authentication result or an authorization decision.
/// Kept apart from <see cref="ConnectionEvent"/> on purpose: a refused CONNECT opens and closes no
/// session, so the session model never sees these, and a flood of refusals (a brute-force attempt,
/// a fleet with rotated credentials) cannot crowd the connect/disconnect history. Successes are only
/// counted; failures (<see cref="IsFailure"/>) are stored. Every string is attacker-written and
/// bounded by the parser like the connection events' fields.
/// </summary>
public sealed record AccessEvent
{
    public required string ClientId { get; init; }

    public required AccessEventKind Kind { get; init; }

    /// <summary>The payload's <c>timestamp</c> (ms), clamped like a connection event's; else the receive time.</summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>Whether the payload's time was too far ahead of its receive time and was clamped to it.</summary>
    public bool TimeClamped { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required EventSourceKind Source { get; init; }

    public string? Username { get; init; }

    /// <summary>The client's IP address, normalised like <see cref="ConnectionEvent.PeerIp"/>.</summary>
    public string? PeerIp { get; init; }

    public int? PeerPort { get; init; }

    public string? Node { get; init; }

    /// <summary>
    /// Connack and authentication: EMQX's <c>reason_code</c>, always the MQTT 5 name (<c>success</c>,
    /// <c>bad_username_or_password</c>, <c>not_authorized</c>, <c>server_busy</c>, …), verbatim: an open set.
    /// Authorization: null.
    /// </summary>
    public string? ReasonCode { get; init; }

    /// <summary>Authorization: the topic asked for.</summary>
    public string? Topic { get; init; }

    /// <summary>Authorization: <c>publish</c> or <c>subscribe</c>.</summary>
    public string? Action { get; init; }

    /// <summary>Authorization: <c>allow</c> or <c>deny</c>.</summary>
    public string? Result { get; init; }

    /// <summary>
    /// Authorization: which source decided (<c>file</c>, <c>http</c>, <c>built_in_database</c>, …,
    /// <c>cache</c>; <c>default</c> means no source matched and the <c>no_match</c> setting decided).
    /// </summary>
    public string? AuthzSource { get; init; }

    public int? ProtoVer { get; init; }

    public int? Keepalive { get; init; }

    public bool? CleanStart { get; init; }

    /// <summary>
    /// Connack: session expiry in seconds (EMQX sends milliseconds in this event, unlike client_connected).
    /// There is no Reason-String: EMQX does not put the CONNACK's properties in the event (see
    /// EmqxEventParser.Access.cs); a <c>server_busy</c> refusal is the THROTTLED one.
    /// </summary>
    public long? ExpiryIntervalSeconds { get; init; }

    /// <summary>The payload exactly as received (UTF-8 text), kept with a stored failure for audit.</summary>
    public string? RawJson { get; init; }

    /// <summary>A refused CONNECT, a failed authentication or a denied publish/subscribe: what is stored.</summary>
    public bool IsFailure => Kind == AccessEventKind.Authorization
        ? !string.Equals(Result, "allow", StringComparison.Ordinal)
        : !string.Equals(ReasonCode, "success", StringComparison.Ordinal);

    /// <summary>What makes a repeat of this event a no-op in the store (as <see cref="ConnectionEvent.Identity"/>).</summary>
    public AccessIdentity Identity => new(ClientId, Kind, EventTime.ToUnixTimeMilliseconds(), PeerIp, ReasonCode ?? Topic);
}

/// <summary>See <see cref="AccessEvent.Identity"/>.</summary>
public readonly record struct AccessIdentity(string ClientId, AccessEventKind Kind, long EventTimeMs, string? PeerIp, string? What);
