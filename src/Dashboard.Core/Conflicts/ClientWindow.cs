using Dashboard.Core.Events;

namespace Dashboard.Core.Conflicts;

/// <summary>
/// The last few sessions of one client ID, in connect order, bounded. Events arrive out of order and
/// repeated, so every event is first matched to the session it belongs to; an ending that is already
/// known is reported as a repeat and counts nowhere.
/// </summary>
internal sealed class ClientWindow(string clientId, int capacity)
{
    private readonly List<TrackedSession> _sessions = new(capacity + 1);

    public string ClientId { get; } = clientId;

    public IReadOnlyList<TrackedSession> Sessions => _sessions;

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
        long connectedAt = (e.ConnectedAt ?? e.EventTime).ToUnixTimeMilliseconds();
        foreach (var existing in _sessions)
        {
            if (existing.ConnectedAtMs == connectedAt)
            {
                existing.Merge(e.PeerIp, e.PeerPort, e.Username, e.Node);
                return;
            }
        }

        Insert(new TrackedSession
        {
            ConnectedAtMs = connectedAt,
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
        long? connectedAt = e.ConnectedAt?.ToUnixTimeMilliseconds();

        // The same ending seen twice, possibly once with connected_at and once without ($SYS and a rule).
        foreach (var existing in _sessions)
        {
            if (existing.Ended && existing.DisconnectedAtMs == disconnectedAt && existing.SamePeer(e.PeerIp, e.PeerPort)
                && (connectedAt is null || existing.ConnectedAtMs is null || existing.ConnectedAtMs == connectedAt))
            {
                if (existing.ConnectedAtMs is null && connectedAt is not null)
                {
                    existing.ConnectedAtMs = connectedAt;
                    Sort();
                }

                existing.Merge(e.PeerIp, e.PeerPort, e.Username, e.Node);
                return null;
            }
        }

        var session = connectedAt is { } c ? FindByConnect(c) : FindOpenByPeer(e.PeerIp, e.PeerPort, disconnectedAt);
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
            ConnectedAtMs = connectedAt,
            DisconnectedAtMs = disconnectedAt,
            Reason = e.Reason,
            PeerIp = e.PeerIp,
            PeerPort = e.PeerPort,
            Username = e.Username,
            Node = e.Node,
        };
        return Insert(session) ? session : null;
    }

    /// <summary>The session that came next in connect order: for a takenover/discarded ending, the one that replaced it.</summary>
    public TrackedSession? Next(TrackedSession session)
    {
        int index = _sessions.IndexOf(session);
        return index >= 0 && index + 1 < _sessions.Count ? _sessions[index + 1] : null;
    }

    private TrackedSession? FindByConnect(long connectedAt)
    {
        foreach (var existing in _sessions)
        {
            if (existing.ConnectedAtMs == connectedAt)
            {
                return existing;
            }
        }

        return null;
    }

    /// <summary>Without connected_at, the newest open session from the same peer that started before the ending.</summary>
    private TrackedSession? FindOpenByPeer(string? ip, int? port, long disconnectedAt)
    {
        for (int i = _sessions.Count - 1; i >= 0; i--)
        {
            var candidate = _sessions[i];
            if (!candidate.Ended && candidate.OrderKey <= disconnectedAt && candidate.SamePeer(ip, port))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Inserts in order and drops the oldest beyond capacity; false when the new one was the oldest.</summary>
    private bool Insert(TrackedSession session)
    {
        int index = _sessions.Count;
        while (index > 0 && _sessions[index - 1].OrderKey > session.OrderKey)
        {
            index--;
        }

        _sessions.Insert(index, session);
        if (_sessions.Count <= capacity)
        {
            return true;
        }

        var dropped = _sessions[0];
        _sessions.RemoveAt(0);
        return !ReferenceEquals(dropped, session);
    }

    private void Sort() => _sessions.Sort((a, b) => a.OrderKey.CompareTo(b.OrderKey));
}
