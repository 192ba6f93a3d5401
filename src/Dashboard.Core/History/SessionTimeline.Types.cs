using Dashboard.Core.Reasons;

namespace Dashboard.Core.History;

/// <summary>
/// One connection of a client ID, from connect to disconnect, as rebuilt from its history by
/// <see cref="SessionTimeline.Build"/>. <see cref="Start"/> is clipped to the range asked for;
/// <see cref="ConnectedAt"/> is the true connect time when it is known.
/// </summary>
public sealed record ClientSession
{
    /// <summary>Where the session starts on the timeline: its connect time, or the range start when it began earlier or its start is unknown.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>The broker's connect time, when a connect or the disconnect's <c>connected_at</c> told us; may be before the range.</summary>
    public DateTimeOffset? ConnectedAt { get; init; }

    /// <summary>When it ended; null while open (no end seen in the range).</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Where the session ends on the timeline: <see cref="End"/>, or for an open one the end of the range or now.</summary>
    public required DateTimeOffset Until { get; init; }

    /// <summary>The disconnect reason verbatim, null when no disconnect was seen or it carried none.</summary>
    public string? Reason { get; init; }

    /// <summary>How it ended: the reason, or <see cref="SessionTimeline.Open"/>, <see cref="SessionTimeline.Superseded"/> or <see cref="SessionTimeline.NoReason"/>.</summary>
    public required string Ending { get; init; }

    public string? PeerIp { get; init; }

    public int? PeerPort { get; init; }

    public string? Username { get; init; }

    public string? Node { get; init; }

    /// <summary>For a session taken over, discarded or superseded: the connection that replaced it, when it is in the range.</summary>
    public SessionParty? ReplacedBy { get; init; }

    public bool IsOpen => End is null;

    /// <summary>The timeline starts at <see cref="Start"/> but the session began earlier, or at an unknown time.</summary>
    public bool StartClipped => ConnectedAt is not { } connectedAt || connectedAt < Start;

    /// <summary>The whole length, when both ends are known.</summary>
    public TimeSpan? Duration => End is { } end && ConnectedAt is { } start ? end - start : null;

    /// <summary>Whether the broker replaced this session with another connection of the same client ID.</summary>
    public bool WasReplaced => ReasonCatalog.IsReplacement(Ending) || Ending == SessionTimeline.Superseded;
}

/// <summary>Who held a connection: the peer, the username and the broker node, and when it started.</summary>
public sealed record SessionParty(DateTimeOffset Start, string? PeerIp, int? PeerPort, string? Username, string? Node);
