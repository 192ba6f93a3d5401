using Dashboard.Core.Events;

namespace Dashboard.Core.Sessions;

/// <summary>
/// The one place that decides which session an event belongs to. The Clients list
/// (<see cref="Live.OnlineClients"/>), the drill-down timeline (<see cref="History.SessionTimeline"/>)
/// and the Conflicts page all ask it, so they cannot tell different stories about one client.
/// <para>
/// A disconnect ends a session: by <c>connected_at</c> when both sides have the broker's own value
/// (neither absent nor clamped); else by peer (a different IP, or the same IP with a different known
/// port, rules it out); and by time (it cannot end a session that began after it). Among several open
/// sessions that fit, the one from the same IP and port is preferred, then the newest.
/// A session whose start was clamped has nothing of the broker's to match by: any disconnect ends it.
/// </para>
/// <para>
/// A missing peer (no IP on either side) is no evidence either way: matching falls through to time.
/// IPs are compared case-insensitively: the parser writes IPv6 in lower case, but EMQX built on an
/// older OTP prints hex in upper case, and a value stored before normalisation may come back either way.
/// </para>
/// </summary>
public static class SessionMatcher
{
    /// <summary>
    /// The event carries the broker's own <c>connected_at</c>: present, and not our receive time
    /// standing in for one that was too far ahead (<see cref="ConnectionEvent.TimeClamped"/>).
    /// </summary>
    public static bool HasBrokerConnectedAt(ConnectionEvent e) => e.ConnectedAt is not null && !e.TimeClamped;

    /// <summary>Both IPs are known and the same address text, ignoring the case of IPv6 hex digits.</summary>
    public static bool SameIp(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public static PeerMatch ComparePeers(string? ipA, int? portA, string? ipB, int? portB)
    {
        if (ipA is null || ipB is null)
        {
            return PeerMatch.Unknown;
        }

        if (!SameIp(ipA, ipB))
        {
            return PeerMatch.Different;
        }

        if (portA is not { } a || portB is not { } b)
        {
            return PeerMatch.SameIp;
        }

        return a == b ? PeerMatch.SameIpAndPort : PeerMatch.Different;
    }

    /// <summary>Whether this disconnect can be the end of this session (see the class summary for the order of the rules).</summary>
    public static bool EndsSession(in SessionFacts session, in EndingFacts ending)
    {
        if (session.StartClamped)
        {
            return true;
        }

        if (session.StartExact && ending.ConnectedAtMs is { } connectedAt)
        {
            return connectedAt == session.StartMs;
        }

        // A connection's connect and disconnect are stamped by the node that holds it, so even the
        // same IP and port cannot end a session that began after the disconnect: that is an earlier
        // connection which happened to use the same port.
        return ComparePeers(session.PeerIp, session.PeerPort, ending.PeerIp, ending.PeerPort) != PeerMatch.Different
            && ending.AtMs >= session.StartMs;
    }

    /// <summary>The disconnect names this session by the broker's own <c>connected_at</c>.</summary>
    public static bool NamesSession(in SessionFacts session, in EndingFacts ending) =>
        session.StartExact && !session.StartClamped && ending.ConnectedAtMs == session.StartMs;

    /// <summary>
    /// Two reports of one connection: the same start, and IPs that do not differ. The port is left
    /// out, as the store's event identity leaves it out: <c>$SYS</c> carries none, and two connects
    /// of one client ID from one IP in one millisecond are one event to the store.
    /// </summary>
    public static bool SameConnection(in SessionFacts session, in SessionFacts connect) =>
        session.StartMs == connect.StartMs
        && ComparePeers(session.PeerIp, null, connect.PeerIp, null) != PeerMatch.Different;

    /// <summary>
    /// A connect against the session we hold open: the same connection again, an older one arriving
    /// late, or a newer one that replaced it. A clamped start cannot say it is newer than anything, so
    /// any other connect replaces it (a forged year-9999 connect must not outrank the real one).
    /// </summary>
    public static ConnectMatch CompareConnect(in SessionFacts open, in SessionFacts connect)
    {
        if (SameConnection(open, connect))
        {
            return ConnectMatch.Repeat;
        }

        return connect.StartMs < open.StartMs && !open.StartClamped ? ConnectMatch.Stale : ConnectMatch.NewSession;
    }

    /// <summary>
    /// A connect after the last session we know of ended (at <paramref name="endedAtMs"/>): a new
    /// session, or the late connect of one whose end we already applied.
    /// </summary>
    public static ConnectMatch CompareConnectAfterEnding(in SessionFacts ended, long endedAtMs, in SessionFacts connect)
    {
        if (SameConnection(ended, connect))
        {
            return ConnectMatch.Stale;
        }

        // When the ending named its session exactly, any later connect is a new session, even if
        // the two broker nodes' clocks disagree by a little about which came first.
        if (connect.StartExact && ended.StartExact && ended.StartMs != 0)
        {
            return connect.StartMs > ended.StartMs ? ConnectMatch.NewSession : ConnectMatch.Stale;
        }

        return connect.StartMs >= endedAtMs ? ConnectMatch.NewSession : ConnectMatch.Stale;
    }

    /// <summary>A disconnect no newer than the last ending we applied: it changes nothing.</summary>
    public static bool IsStaleEnding(long lastEndedAtMs, in EndingFacts ending) => ending.AtMs <= lastEndedAtMs;

    /// <summary>
    /// The same ending reported again (possibly once with <c>connected_at</c> and once without, as
    /// <c>$SYS</c> and a rule do): the same time, peers that do not differ, and no conflicting exact start.
    /// </summary>
    public static bool RepeatsEnding(in SessionFacts ended, long endedAtMs, in EndingFacts ending) =>
        endedAtMs == ending.AtMs
        && ComparePeers(ended.PeerIp, ended.PeerPort, ending.PeerIp, ending.PeerPort) != PeerMatch.Different
        && (ending.ConnectedAtMs is null || !ended.StartExact || ending.ConnectedAtMs == ended.StartMs);

    /// <summary>
    /// Of a client's sessions (oldest first; ended ones are passed over), the open one a disconnect
    /// ended, or null when it fits none:
    /// the one it names by <c>connected_at</c>, else the newest from the same IP and port, else the
    /// newest it can end. A takeover's disconnect never ends the connection that replaced it, so when
    /// an older session also fits, it skips the newest.
    /// </summary>
    public static T? FindEnded<T>(IReadOnlyList<T> sessions, Func<T, SessionFacts> factsOf, in EndingFacts ending)
        where T : class
    {
        int newestOpen = -1;
        int samePeer = -1;
        int newestFit = -1;
        int olderFit = -1;
        for (int i = sessions.Count - 1; i >= 0; i--)
        {
            var facts = factsOf(sessions[i]);
            if (facts.Ended)
            {
                continue;
            }

            if (newestOpen < 0)
            {
                newestOpen = i;
            }

            if (NamesSession(facts, ending))
            {
                return sessions[i];
            }

            if (!EndsSession(facts, ending))
            {
                continue;
            }

            if (samePeer < 0 && ComparePeers(facts.PeerIp, facts.PeerPort, ending.PeerIp, ending.PeerPort) == PeerMatch.SameIpAndPort)
            {
                samePeer = i;
            }

            if (newestFit < 0)
            {
                newestFit = i;
            }
            else if (olderFit < 0)
            {
                olderFit = i;
            }
        }

        if (samePeer >= 0)
        {
            return sessions[samePeer];
        }

        if (ending.IsReplacement && newestFit == newestOpen && olderFit >= 0)
        {
            return sessions[olderFit];
        }

        return newestFit >= 0 ? sessions[newestFit] : null;
    }
}
