namespace Dashboard.Core.Conflicts;

public enum FindingKind
{
    /// <summary>Different devices share one client ID and keep taking the session from each other.</summary>
    ClientIdConflict,

    /// <summary>One device opens a new connection while its previous one is still alive.</summary>
    ReconnectLoop,

    /// <summary>Short sessions that keep ending in transport errors.</summary>
    Flapping,
}

public enum FindingState
{
    Active,
    Resolved,
}

public enum FindingSeverity
{
    Warning,
    Critical,
}

/// <summary>
/// One detected problem for one client ID: what was seen, what it means, what to do.
/// An immutable copy; the detector hands out a new one on every change.
/// </summary>
public sealed record Finding
{
    /// <summary>Unique per detector; a problem that starts again after resolving gets a new finding with a new ID.</summary>
    public required long Id { get; init; }

    public required string ClientId { get; init; }

    public required FindingKind Kind { get; init; }

    /// <summary>The kind as shown and stored: <c>clientid-conflict</c>, <c>reconnect-loop</c>, <c>flapping</c>.</summary>
    public string KindName => FindingTexts.Name(Kind);

    public required FindingState State { get; init; }

    public required FindingSeverity Severity { get; init; }

    /// <summary>Endings (and, for a reconnect loop, server_busy refusals) counted: those in the window that opened it, plus each new one while active.</summary>
    public required int Count { get; init; }

    /// <summary>Event time of the earliest counted ending.</summary>
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>Event time of the latest counted ending.</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>When the detector resolved it (the <c>now</c> of that call); null while active.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Distinct <c>ip:port</c> (or just <c>ip</c>) of the sessions involved, bounded.</summary>
    public required IReadOnlyList<string> Peers { get; init; }

    /// <summary>Counted sessions (and refusals) per IP, most first, bounded; see <see cref="PeerGroups.Text"/>.</summary>
    public IReadOnlyList<PeerTally> PeerIps { get; init; } = [];

    /// <summary>Counted sessions from IPs beyond those <see cref="PeerIps"/> tells apart.</summary>
    public int OtherPeerSessions { get; init; }

    public required IReadOnlyList<string> Usernames { get; init; }

    public required IReadOnlyList<string> Nodes { get; init; }

    /// <summary>The most recent counted sessions, oldest first, with who replaced whom.</summary>
    public required IReadOnlyList<SessionEvidence> Evidence { get; init; }

    /// <summary>Connects refused with server_busy (THROTTLED) counted towards it: part of <see cref="Count"/>.</summary>
    public int RefusedConnects { get; init; }

    /// <summary>The most recent of those refusals, oldest first, bounded like <see cref="Evidence"/>.</summary>
    public IReadOnlyList<RefusalEvidence> Refusals { get; init; } = [];

    /// <summary>The refusals as one line of evidence, or null when there were none.</summary>
    public string? RefusalSummary => FindingTexts.RefusalEvidence(RefusedConnects);

    /// <summary>
    /// Found during planned maintenance of its client (a client-ID conflict: the only kind a window does not
    /// silence) and nothing outside the window has counted since: shown, but not alerted while it stays so.
    /// </summary>
    public bool DuringMaintenance { get; init; }

    public required string Meaning { get; init; }

    public required string Advice { get; init; }
}

/// <summary>One refused connect as evidence: when, from where, with which reason code.</summary>
public sealed record RefusalEvidence(DateTimeOffset At, string? Peer, string? Username, string? Node, string ReasonCode);

/// <summary>One session as evidence: where it came from, how it ended, and what replaced it.</summary>
public sealed record SessionEvidence(
    DateTimeOffset? ConnectedAt,
    DateTimeOffset? DisconnectedAt,
    string? Peer,
    string? Username,
    string? Node,
    string? Reason,
    string? ReplacedByPeer,
    string? ReplacedByUsername,
    string? ReplacedByNode);

public enum ChangeKind
{
    Opened,
    Updated,
    Resolved,
}

/// <summary>Raised by <see cref="ConflictDetector.FindingChanged"/> so the app can notify and alert.</summary>
public sealed record FindingChange(ChangeKind Change, Finding Finding);
