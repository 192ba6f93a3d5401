namespace Dashboard.Core.Conflicts;

/// <summary>One connect refused with server_busy (THROTTLED) in a client's window: evidence of a reconnect loop.</summary>
internal sealed record TrackedRefusal(long AtMs, string? PeerIp, int? PeerPort, string? Username, string? Node, string ReasonCode)
{
    public string? Peer => TrackedSession.FormatPeer(PeerIp, PeerPort);
}
