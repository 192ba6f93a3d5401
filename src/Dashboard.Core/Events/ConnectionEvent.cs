namespace Dashboard.Core.Events;

/// <summary>Whether an event opens or closes a client's connection.</summary>
public enum ConnectionEventKind
{
    Connected,
    Disconnected,
}

/// <summary>Which path an event came in on. Stored with the event, shown in diagnostics.</summary>
public enum EventSourceKind
{
    /// <summary>A rule-engine event republished to an MQTT topic.</summary>
    Mqtt,

    /// <summary>A <c>$SYS/brokers/&lt;node&gt;/clients/&lt;id&gt;/…</c> message.</summary>
    Sys,

    /// <summary>A rule-engine event posted by EMQX's HTTP action.</summary>
    Webhook,

    /// <summary>
    /// A correction from EMQX's REST API listing (bootstrap or reconcile): a client the broker lists as
    /// connected that had no open session here, or one shown online here that the broker no longer lists.
    /// </summary>
    Rest,
}

/// <summary>
/// One client connect or disconnect, normalised from whatever EMQX payload carried it.
/// Times are UTC. Every optional field is null when the payload did not carry it
/// (a rule may select any subset of columns, and EMQX writes absent values as "undefined").
/// </summary>
public sealed record ConnectionEvent
{
    public required string ClientId { get; init; }

    public required ConnectionEventKind Kind { get; init; }

    /// <summary>
    /// When the connect or disconnect happened: <c>connected_at</c> or <c>disconnected_at</c>,
    /// else the payload's <c>timestamp</c>/<c>ts</c>, else the time we received it
    /// (then <see cref="EventTimeFromPayload"/> is false).
    /// </summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>False when no time was in the payload and <see cref="EventTime"/> is the receive time.</summary>
    public bool EventTimeFromPayload { get; init; } = true;

    /// <summary>
    /// The connect time of the connection this event belongs to, exactly as the broker stamped it
    /// (unless it was implausibly far ahead: see <see cref="TimeClamped"/>). For a disconnect it
    /// identifies the session that ended (EMQX 5.8.6 and later, and <c>$SYS</c>).
    /// </summary>
    public DateTimeOffset? ConnectedAt { get; init; }

    /// <summary>
    /// True when the payload's event time or <c>connected_at</c> was more than the allowed clock skew
    /// after <see cref="ReceivedAt"/> and was replaced by it. Such times are not the broker's own
    /// stamps, so they are never used to match a disconnect to its session exactly.
    /// </summary>
    public bool TimeClamped { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required EventSourceKind Source { get; init; }

    public string? Username { get; init; }

    /// <summary>The client's IP address, normalised (lower case, IPv4-mapped IPv6 as plain IPv4).</summary>
    public string? PeerIp { get; init; }

    public int? PeerPort { get; init; }

    /// <summary>The EMQX node name, e.g. <c>emqx@172.18.0.2</c>.</summary>
    public string? Node { get; init; }

    /// <summary>The disconnect reason, verbatim: an open set, unknown values are kept as they came.</summary>
    public string? Reason { get; init; }

    public int? Keepalive { get; init; }

    public bool? CleanStart { get; init; }

    /// <summary>Session expiry in seconds (the <c>$SYS</c> payload's milliseconds are converted).</summary>
    public long? ExpiryIntervalSeconds { get; init; }

    public int? ProtoVer { get; init; }

    public string? ProtoName { get; init; }

    /// <summary>The payload exactly as received (UTF-8 text), kept in history for audit.</summary>
    public string? RawJson { get; init; }

    /// <summary>
    /// The identity that makes a repeat of this event a no-op: client ID, kind, event time and peer IP.
    /// The port is left out on purpose: <c>$SYS</c> messages carry the IP only, and the same
    /// connection seen through <c>$SYS</c> and through a rule must count once.
    /// </summary>
    public EventIdentity Identity => new(ClientId, Kind, EventTime.ToUnixTimeMilliseconds(), PeerIp);
}

/// <summary>See <see cref="ConnectionEvent.Identity"/>.</summary>
public readonly record struct EventIdentity(string ClientId, ConnectionEventKind Kind, long EventTimeMs, string? PeerIp);
