namespace Dashboard.Core.Live;

/// <summary>What applying one event did to the online set. Counted in diagnostics.</summary>
public enum ProjectionOutcome
{
    /// <summary>A client that was offline or unknown is now online.</summary>
    WentOnline,

    /// <summary>A newer connection replaced the one we had for an online client.</summary>
    SessionReplaced,

    /// <summary>More detail on the session we already had (the same connection seen from another source).</summary>
    Merged,

    /// <summary>The client's current session ended: it is offline now.</summary>
    WentOffline,

    /// <summary>
    /// A <c>takenover</c> or <c>discarded</c> ending, or a disconnect of a client already offline
    /// or never seen: recorded, and the client's online state is left as it was.
    /// </summary>
    Recorded,

    /// <summary>An event older than what we already know (it arrived out of order): state unchanged.</summary>
    Stale,
}
