namespace Dashboard.Core.Live;

/// <summary>
/// What the dashboard knows of one client ID: its current session while online, its last
/// ended session while offline. Mutable and owned by <see cref="OnlineClients"/>; readers get a
/// <see cref="ClientSnapshot"/>. Fields rather than properties, and sentinels rather than
/// nullables, keep it small: the projection holds one of these per client, a million of them.
/// </summary>
internal sealed class ClientRecord(string clientId)
{
    public string ClientId { get; } = clientId;

    public bool Online;

    public string? Username;

    public string? PeerIp;

    /// <summary>0 when unknown.</summary>
    public int PeerPort;

    public string? Node;

    /// <summary>Connect time (Unix ms) of the current session, or of the last one to end; 0 when unknown.</summary>
    public long ConnectedAtMs;

    /// <summary>
    /// True when <see cref="ConnectedAtMs"/> is the broker's own <c>connected_at</c>, so that a
    /// disconnect carrying <c>connected_at</c> can be matched to its session exactly.
    /// </summary>
    public bool ConnectedAtExact;

    /// <summary>
    /// True while the current session's start is a clamped time (the payload claimed a time too far
    /// ahead): it is our receive time, not the broker's, so it orders and matches nothing exactly.
    /// </summary>
    public bool StartClamped;

    /// <summary>
    /// When (Unix ms) EMQX's REST listing last showed this session as connected, or a correction from
    /// it started or merged into this session; 0 when never. A reconcile ends only sessions it did not confirm.
    /// </summary>
    public long ConfirmedAtMs;

    /// <summary>Time (Unix ms) of the last disconnect seen, of any reason; 0 when none.</summary>
    public long DisconnectedAtMs;

    public string? LastReason;

    /// <summary>Seconds; -1 when unknown.</summary>
    public int Keepalive = -1;

    /// <summary>-1 unknown, 0 false, 1 true.</summary>
    public sbyte CleanStart = -1;

    /// <summary>0 when unknown.</summary>
    public byte ProtoVer;

    /// <summary>Seconds; -1 when unknown.</summary>
    public long ExpiryIntervalSeconds = -1;

    public ClientSnapshot ToSnapshot() => new(
        ClientId,
        Username,
        Online,
        PeerIp,
        PeerPort == 0 ? null : PeerPort,
        Node,
        ConnectedAtMs == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(ConnectedAtMs),
        DisconnectedAtMs == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(DisconnectedAtMs),
        LastReason,
        ProtoVer == 0 ? null : ProtoVer,
        Keepalive < 0 ? null : Keepalive,
        CleanStart < 0 ? null : CleanStart == 1,
        ExpiryIntervalSeconds < 0 ? null : ExpiryIntervalSeconds);
}
