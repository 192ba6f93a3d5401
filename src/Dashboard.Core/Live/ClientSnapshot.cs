namespace Dashboard.Core.Live;

/// <summary>
/// A copy of what is known of one client, safe to hand to any reader.
/// While online, the connection fields describe the current session; while offline, the last one.
/// <see cref="DisconnectedAt"/> and <see cref="LastReason"/> describe the latest disconnect seen:
/// for an online client that is how its previous session ended (often <c>takenover</c>).
/// </summary>
public sealed record ClientSnapshot(
    string ClientId,
    string? Username,
    bool Online,
    string? PeerIp,
    int? PeerPort,
    string? Node,
    DateTimeOffset? ConnectedAt,
    DateTimeOffset? DisconnectedAt,
    string? LastReason,
    int? ProtoVer,
    int? Keepalive,
    bool? CleanStart,
    long? ExpiryIntervalSeconds);
