namespace Dashboard.Core.Conflicts;

/// <summary>One session in a client's window. Mutable: its connect and its end may arrive in either order.</summary>
internal sealed class TrackedSession
{
    /// <summary>The broker's connect time, when any event of this session carried it.</summary>
    public long? ConnectedAtMs { get; set; }

    public long? DisconnectedAtMs { get; set; }

    public string? PeerIp { get; set; }

    public int? PeerPort { get; set; }

    public string? Username { get; set; }

    public string? Node { get; set; }

    public string? Reason { get; set; }

    public bool Ended => DisconnectedAtMs is not null;

    /// <summary>Sessions are ordered by connect time; an ending whose connect we never saw sorts by its end.</summary>
    public long OrderKey => ConnectedAtMs ?? DisconnectedAtMs ?? 0;

    public string? Peer => PeerIp is null ? null : PeerPort is { } port ? $"{PeerIp}:{port}" : PeerIp;

    public TimeSpan? Duration => ConnectedAtMs is { } c && DisconnectedAtMs is { } d ? TimeSpan.FromMilliseconds(d - c) : null;

    /// <summary>Fills in what this session lacked from another report of it ($SYS has no port; rules may select few columns).</summary>
    public void Merge(string? peerIp, int? peerPort, string? username, string? node)
    {
        PeerIp ??= peerIp;
        if (PeerPort is null && string.Equals(PeerIp, peerIp, StringComparison.Ordinal))
        {
            PeerPort = peerPort;
        }

        Username ??= username;
        Node ??= node;
    }

    public bool SamePeer(string? ip, int? port)
    {
        if (PeerIp is null || ip is null)
        {
            return true;
        }

        if (!string.Equals(PeerIp, ip, StringComparison.Ordinal))
        {
            return false;
        }

        return PeerPort is null || port is null || PeerPort == port;
    }
}
