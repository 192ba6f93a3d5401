using Dashboard.Core.Events;
using Dashboard.Core.Sessions;

namespace Dashboard.Core.Conflicts;

/// <summary>
/// The last few sessions of one client ID, in connect order, bounded. Events arrive out of order and
/// repeated, so every event is first matched to the session it belongs to; an ending that is already
/// known is reported as a repeat and counts nowhere.
/// </summary>
internal sealed class ClientWindow(string clientId, int capacity)
{
    private readonly List<TrackedSession> _sessions = new(capacity + 1);
    private readonly List<TrackedRefusal> _refusals = [];

    public string ClientId { get; } = clientId;

    public IReadOnlyList<TrackedSession> Sessions => _sessions;

    /// <summary>The last few connects refused with server_busy (THROTTLED), oldest first, bounded like the sessions.</summary>
    public IReadOnlyList<TrackedRefusal> Refusals => _refusals;

    public long LastActivityMs { get; set; }

    /// <summary>The node in the detector's least-recently-active list.</summary>
    public LinkedListNode<ClientWindow>? LruNode { get; set; }

    /// <summary>
    /// Per finding kind, the event time of the last ending a resolved finding counted: a new finding
    /// counts only endings after it, so a finding never reopens from the endings that built the old one.
    /// </summary>
    public long[] CountedUntilMs { get; } = new long[3];

    public void ApplyConnect(ConnectionEvent e)
    {
        var connect = new SessionFacts(
            (e.ConnectedAt ?? e.EventTime).ToUnixTimeMilliseconds(), SessionMatcher.HasBrokerConnectedAt(e), e.TimeClamped, e.PeerIp, e.PeerPort);
        foreach (var existing in _sessions)
        {
            if (SessionMatcher.SameConnection(existing.Facts, connect))
            {
                existing.StartExact |= connect.StartExact;
                existing.Merge(e.PeerIp, e.PeerPort, e.Username, e.Node);
                return;
            }
        }

        Insert(new TrackedSession
        {
            ConnectedAtMs = connect.StartMs,
            StartExact = connect.StartExact,
            StartClamped = connect.StartClamped,
            PeerIp = e.PeerIp,
            PeerPort = e.PeerPort,
            Username = e.Username,
            Node = e.Node,
        });
    }

    /// <summary>Records an ending; returns the session it ended, or null for a repeat or an ending too old to keep.</summary>
    public TrackedSession? ApplyDisconnect(ConnectionEvent e)
    {
        long disconnectedAt = e.EventTime.ToUnixTimeMilliseconds();
        var ending = EndingFacts.Of(e);

        // The same ending seen twice, possibly once with connected_at and once without ($SYS and a rule).
        foreach (var existing in _sessions)
        {
            if (existing.DisconnectedAtMs is { } endedAt && SessionMatcher.RepeatsEnding(existing.Facts, endedAt, ending))
            {
                if (existing.ConnectedAtMs is null && ending.ConnectedAtMs is not null)
                {
                    existing.ConnectedAtMs = ending.ConnectedAtMs;
                    existing.StartExact = true;
                    Sort();
                }

                existing.Merge(e.PeerIp, e.PeerPort, e.Username, e.Node);
                return null;
            }
        }

        var session = FindNamed(ending) ?? SessionMatcher.FindEnded(_sessions, static s => s.Facts, ending);
        if (session is not null)
        {
            // A session ends once: a second, different ending for it is a repeat with other details.
            if (session.Ended)
            {
                return null;
            }

            session.DisconnectedAtMs = disconnectedAt;
            session.Reason = e.Reason;
            session.Merge(e.PeerIp, e.PeerPort, e.Username, e.Node);
            return session;
        }

        session = new TrackedSession
        {
            ConnectedAtMs = ending.ConnectedAtMs,
            StartExact = ending.ConnectedAtMs is not null,
            DisconnectedAtMs = disconnectedAt,
            Reason = e.Reason,
            PeerIp = e.PeerIp,
            PeerPort = e.PeerPort,
            Username = e.Username,
            Node = e.Node,
        };
        return Insert(session) ? session : null;
    }

    /// <summary>Records a server_busy refusal in time order; false when it is older than all it would keep.</summary>
    public bool AddRefusal(TrackedRefusal refusal) => TimeOrdered.Insert(_refusals, refusal, static r => r.AtMs, capacity);

    /// <summary>The session that came next in connect order: for a takenover/discarded ending, the one that replaced it.</summary>
    public TrackedSession? Next(TrackedSession session)
    {
        int index = _sessions.IndexOf(session);
        return index >= 0 && index + 1 < _sessions.Count ? _sessions[index + 1] : null;
    }

    /// <summary>The session, open or ended, that the disconnect names by the broker's <c>connected_at</c>.</summary>
    private TrackedSession? FindNamed(in EndingFacts ending)
    {
        foreach (var existing in _sessions)
        {
            if (SessionMatcher.NamesSession(existing.Facts, ending))
            {
                return existing;
            }
        }

        return null;
    }

    /// <summary>Inserts in order and drops the oldest beyond capacity; false when the new one was the oldest.</summary>
    private bool Insert(TrackedSession session) => TimeOrdered.Insert(_sessions, session, static s => s.OrderKey, capacity);

    private void Sort() => _sessions.Sort((a, b) => a.OrderKey.CompareTo(b.OrderKey));
}
