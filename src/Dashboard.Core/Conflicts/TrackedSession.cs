using Dashboard.Core.Sessions;

namespace Dashboard.Core.Conflicts;

/// <summary>One session in a client's window. Mutable: its connect and its end may arrive in either order.</summary>
internal sealed class TrackedSession
{
    /// <summary>The broker's connect time, when any event of this session carried it.</summary>
    public long? ConnectedAtMs { get; set; }

    /// <summary>The start is the broker's own <c>connected_at</c> (not a connect's event time, not clamped).</summary>
    public bool StartExact { get; set; }

    /// <summary>The start is our receive time standing in for a time too far ahead.</summary>
    public bool StartClamped { get; set; }

    public long? DisconnectedAtMs { get; set; }

    public string? PeerIp { get; set; }

    public int? PeerPort { get; set; }

    public string? Username { get; set; }

    public string? Node { get; set; }

    public string? Reason { get; set; }

    public bool Ended => DisconnectedAtMs is not null;

    /// <summary>Sessions are ordered by connect time; an ending whose connect we never saw sorts by its end.</summary>
    public long OrderKey => ConnectedAtMs ?? DisconnectedAtMs ?? 0;

    public string? Peer => FormatPeer(PeerIp, PeerPort);

    public TimeSpan? Duration => ConnectedAtMs is { } c && DisconnectedAtMs is { } d ? TimeSpan.FromMilliseconds(d - c) : null;

    /// <summary>This session as the matcher sees it.</summary>
    public SessionFacts Facts => new(OrderKey, StartExact, StartClamped, PeerIp, PeerPort, Ended);

    /// <summary>Fills in what this session lacked from another report of it ($SYS has no port; rules may select few columns).</summary>
    public void Merge(string? peerIp, int? peerPort, string? username, string? node)
    {
        PeerIp ??= peerIp;
        if (PeerPort is null && SessionMatcher.SameIp(PeerIp, peerIp))
        {
            PeerPort = peerPort;
        }

        Username ??= username;
        Node ??= node;
    }

    /// <summary><c>ip:port</c>, or just the IP when the port is unknown.</summary>
    public static string? FormatPeer(string? ip, int? port) => ip is null ? null : port is { } p ? $"{ip}:{p}" : ip;
}
