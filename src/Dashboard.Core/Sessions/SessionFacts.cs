using Dashboard.Core.Events;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Sessions;

/// <summary>
/// What matching needs to know of one session: when it started, whether that start is the broker's
/// own <c>connected_at</c>, and its peer. A struct over the consumer's own record, so asking costs nothing.
/// </summary>
/// <param name="StartMs">Connect time, Unix ms.</param>
/// <param name="StartExact">The start is the broker's <c>connected_at</c> (carried by the event and not clamped).</param>
/// <param name="StartClamped">The start is our receive time standing in for a time too far ahead: it orders and matches nothing.</param>
/// <param name="PeerIp">Null when unknown.</param>
/// <param name="PeerPort">Null when unknown (<c>$SYS</c> carries no port).</param>
/// <param name="Ended">Its disconnect has been applied.</param>
public readonly record struct SessionFacts(long StartMs, bool StartExact, bool StartClamped, string? PeerIp, int? PeerPort, bool Ended = false);

/// <summary>What matching needs to know of one disconnect.</summary>
/// <param name="AtMs">When it happened, Unix ms.</param>
/// <param name="ConnectedAtMs">The <c>connected_at</c> it carried, only when it is the broker's own (not clamped).</param>
/// <param name="PeerIp">Null when unknown.</param>
/// <param name="PeerPort">Null when unknown.</param>
/// <param name="IsReplacement">Its reason says another connection took the session (takeover or discard).</param>
public readonly record struct EndingFacts(long AtMs, long? ConnectedAtMs, string? PeerIp, int? PeerPort, bool IsReplacement)
{
    /// <summary>A disconnect event as every consumer reads it: its <c>connected_at</c> only when the broker's own.</summary>
    public static EndingFacts Of(ConnectionEvent e) => new(
        e.EventTime.ToUnixTimeMilliseconds(),
        SessionMatcher.HasBrokerConnectedAt(e) ? e.ConnectedAt!.Value.ToUnixTimeMilliseconds() : null,
        e.PeerIp,
        e.PeerPort,
        ReasonCatalog.IsReplacement(e.Reason));
}

/// <summary>How two peers compare.</summary>
public enum PeerMatch
{
    /// <summary>One side has no IP: the peer neither confirms nor rules out.</summary>
    Unknown,

    /// <summary>Different IPs, or the same IP with two different known ports.</summary>
    Different,

    /// <summary>The same IP, and at least one side has no port.</summary>
    SameIp,

    /// <summary>The same IP and the same port: as good as <c>connected_at</c>.</summary>
    SameIpAndPort,
}

/// <summary>What a connect is to the session we hold for its client ID.</summary>
public enum ConnectMatch
{
    /// <summary>The same connection reported again (another source, other columns): merge its details.</summary>
    Repeat,

    /// <summary>Older than the session we hold: it changes nothing.</summary>
    Stale,

    /// <summary>A newer connection: it replaces the session we hold (or follows the one that ended).</summary>
    NewSession,
}
