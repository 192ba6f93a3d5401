namespace Dashboard.Core.Conflicts;

/// <summary>The mutable state behind one active finding; <see cref="ToFinding"/> gives readers an immutable copy.</summary>
internal sealed class FindingTracker(long id, string clientId, FindingKind kind, int threshold, int maxListed)
{
    private readonly List<string> _peers = [];
    private readonly List<string> _usernames = [];
    private readonly List<string> _nodes = [];
    private readonly List<SessionEvidence> _evidence = [];
    private readonly List<RefusalEvidence> _refusals = [];

    // Four times the listed peers: enough to tell a handful of devices apart, bounded for a scan.
    private readonly PeerTallies _tallies = new(maxListed * 4);

    // The last active copy handed out, until the next change: readers list thousands of findings
    // (a page of the Conflicts table) far more often than any one of them changes.
    private Finding? _activeCopy;

    public long Id { get; } = id;

    public string ClientId { get; } = clientId;

    public FindingKind Kind { get; } = kind;

    public int Count { get; private set; }

    public int RefusedConnects { get; private set; }

    public long FirstSeenMs { get; private set; } = long.MaxValue;

    public long LastSeenMs { get; private set; } = long.MinValue;

    /// <summary>The detector's <c>now</c> when an ending last counted: quiet is measured on the detector's clock.</summary>
    public DateTimeOffset LastActivity { get; set; }

    /// <summary>Opened by an ending in a maintenance window, and no unplanned ending has counted since.</summary>
    public bool DuringMaintenance { get; set; }

    /// <summary>Counts one ending; the evidence list keeps the latest few, oldest first.</summary>
    public void Add(TrackedSession ended, TrackedSession? replacedBy)
    {
        _activeCopy = null;
        Count++;
        long at = ended.DisconnectedAtMs ?? ended.OrderKey;
        FirstSeenMs = Math.Min(FirstSeenMs, at);
        LastSeenMs = Math.Max(LastSeenMs, at);
        _tallies.Add(ended.PeerIp, ended.PeerPort);
        AddDistinct(_peers, ended.Peer);
        AddDistinct(_usernames, ended.Username);
        AddDistinct(_nodes, ended.Node);
        if (Kind != FindingKind.Flapping && replacedBy is not null)
        {
            AddDistinct(_peers, replacedBy.Peer);
            AddDistinct(_usernames, replacedBy.Username);
            AddDistinct(_nodes, replacedBy.Node);
        }

        var evidence = new SessionEvidence(
            ToTime(ended.ConnectedAtMs),
            ToTime(ended.DisconnectedAtMs),
            ended.Peer,
            ended.Username,
            ended.Node,
            ended.Reason,
            Kind == FindingKind.Flapping ? null : replacedBy?.Peer,
            Kind == FindingKind.Flapping ? null : replacedBy?.Username,
            Kind == FindingKind.Flapping ? null : replacedBy?.Node);
        TimeOrdered.Insert(_evidence, evidence, static e => e.DisconnectedAt?.ToUnixTimeMilliseconds() ?? 0, maxListed);
    }

    /// <summary>Counts one server_busy refusal; the list keeps the latest few, oldest first.</summary>
    public void AddRefusal(TrackedRefusal refusal)
    {
        _activeCopy = null;
        Count++;
        RefusedConnects++;
        FirstSeenMs = Math.Min(FirstSeenMs, refusal.AtMs);
        LastSeenMs = Math.Max(LastSeenMs, refusal.AtMs);
        _tallies.Add(refusal.PeerIp, refusal.PeerPort);
        AddDistinct(_peers, refusal.Peer);
        AddDistinct(_usernames, refusal.Username);
        AddDistinct(_nodes, refusal.Node);
        var evidence = new RefusalEvidence(DateTimeOffset.FromUnixTimeMilliseconds(refusal.AtMs), refusal.Peer, refusal.Username, refusal.Node, refusal.ReasonCode);
        TimeOrdered.Insert(_refusals, evidence, static r => r.At.ToUnixTimeMilliseconds(), maxListed);
    }

    /// <summary>Names the session that replaced an already counted ending; false when it was not counted or already named.</summary>
    public bool FillReplacement(TrackedSession ended, TrackedSession replacedBy)
    {
        _activeCopy = null;
        for (int i = 0; i < _evidence.Count; i++)
        {
            var item = _evidence[i];
            if (item.ReplacedByPeer is null && item.DisconnectedAt?.ToUnixTimeMilliseconds() == ended.DisconnectedAtMs && item.Peer == ended.Peer)
            {
                _evidence[i] = item with { ReplacedByPeer = replacedBy.Peer, ReplacedByUsername = replacedBy.Username, ReplacedByNode = replacedBy.Node };
                AddDistinct(_peers, replacedBy.Peer);
                AddDistinct(_usernames, replacedBy.Username);
                AddDistinct(_nodes, replacedBy.Node);
                return true;
            }
        }

        return false;
    }

    public Finding ToFinding(FindingState state, DateTimeOffset? resolvedAt) =>
        state == FindingState.Active && resolvedAt is null
            ? _activeCopy ??= Copy(state, resolvedAt)
            : Copy(state, resolvedAt);

    private Finding Copy(FindingState state, DateTimeOffset? resolvedAt) => new()
    {
        Id = Id,
        ClientId = ClientId,
        Kind = Kind,
        State = state,
        // Three times the opening threshold means it has gone on well past a blip.
        Severity = Count >= threshold * 3 ? FindingSeverity.Critical : FindingSeverity.Warning,
        Count = Count,
        FirstSeen = DateTimeOffset.FromUnixTimeMilliseconds(FirstSeenMs),
        LastSeen = DateTimeOffset.FromUnixTimeMilliseconds(LastSeenMs),
        ResolvedAt = resolvedAt,
        Peers = [.. _peers],
        PeerIps = _tallies.ToList(),
        OtherPeerSessions = _tallies.OtherSessions,
        Usernames = [.. _usernames],
        Nodes = [.. _nodes],
        Evidence = [.. _evidence],
        RefusedConnects = RefusedConnects,
        Refusals = [.. _refusals],
        DuringMaintenance = DuringMaintenance,
        Meaning = FindingTexts.Meaning(Kind),
        Advice = FindingTexts.Advice(Kind),
    };

    private void AddDistinct(List<string> list, string? value)
    {
        if (value is not null && list.Count < maxListed && !list.Contains(value))
        {
            list.Add(value);
        }
    }

    private static DateTimeOffset? ToTime(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
