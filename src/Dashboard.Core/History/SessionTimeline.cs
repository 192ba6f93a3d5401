using Dashboard.Core.Events;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.History;

/// <summary>
/// Rebuilds a client ID's sessions (connect to disconnect) from its stored events, for the
/// drill-down's timeline. Events come in any order and possibly twice; each disconnect ends the
/// session it belongs to, decided by <see cref="Sessions.SessionMatcher"/> as for live state: by
/// <c>connected_at</c> when both sides carry it, else by peer, else by time. So a takeover
/// whose disconnect was stored after the new connect still ends the old session, not the new one.
/// </summary>
public static partial class SessionTimeline
{
    /// <summary><see cref="ClientSession.Ending"/> of a session with no end in the range.</summary>
    public const string Open = "open";

    /// <summary>
    /// <see cref="ClientSession.Ending"/> of a session followed by another connect with no disconnect
    /// of its own in the history (lost, or not sent when the broker node's process crashed). It is
    /// drawn as ending when the next session started: a client ID has one session at a time.
    /// </summary>
    public const string Superseded = "superseded";

    /// <summary><see cref="ClientSession.Ending"/> of a disconnect that carried no reason.</summary>
    public const string NoReason = "disconnected";

    /// <summary>
    /// How long after a takeover's disconnect the replacing connect may be stamped and still count
    /// as its replacement (the two events can come from two broker nodes with their own clocks).
    /// </summary>
    public static readonly TimeSpan ReplacementWindow = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The sessions with any part in [from, to], oldest first. A session that began before
    /// <paramref name="from"/>, or whose connect is not in the history, starts at <paramref name="from"/>
    /// (or just after the session before it); one still open has no end.
    /// An open session is drawn <see cref="ClientSession.Until"/> the earlier of <paramref name="to"/>
    /// and <paramref name="now"/>. Events stamped after <paramref name="now"/> are kept: a broker
    /// node's clock may run a little ahead of ours.
    /// </summary>
    public static IReadOnlyList<ClientSession> Build(IReadOnlyList<StoredEvent> events, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        if (to < from)
        {
            return [];
        }

        var fromMs = from.ToUnixTimeMilliseconds();
        var openUntilMs = Math.Max(fromMs, (to < now ? to : now).ToUnixTimeMilliseconds());
        var state = new BuildState(fromMs);
        foreach (var e in Distinct(events, from, to))
        {
            if (e.Kind == ConnectionEventKind.Connected)
            {
                state.Connect(e);
            }
            else
            {
                state.Disconnect(e);
            }
        }

        var drafts = state.Drafts;
        drafts.Sort((a, b) => a.StartMs.CompareTo(b.StartMs));
        CloseSuperseded(drafts);
        return drafts.Select(d => ToSession(d, fromMs, openUntilMs)).ToList();
    }

    /// <summary>Ends each session left open by the next connect, and links replaced sessions to their replacement.</summary>
    private static void CloseSuperseded(List<Draft> drafts)
    {
        var windowMs = (long)ReplacementWindow.TotalMilliseconds;
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            Draft? next = null;
            for (var j = i + 1; j < drafts.Count && next is null; j++)
            {
                if (drafts[j].StartKnown && drafts[j].StartMs > draft.StartMs)
                {
                    next = drafts[j];
                }
            }

            if (next is null)
            {
                continue;
            }

            if (!draft.Ended)
            {
                draft.EndMs = next.StartMs;
                draft.ReplacedBy = next.ToParty();
            }
            else if (ReasonCatalog.IsReplacement(draft.Reason) && next.StartMs <= draft.EndMs + windowMs)
            {
                draft.ReplacedBy = next.ToParty();
            }
        }
    }

    private static ClientSession ToSession(Draft d, long fromMs, long openUntilMs)
    {
        var startMs = Math.Max(d.StartMs, fromMs);
        return new ClientSession
        {
            Start = DateTimeOffset.FromUnixTimeMilliseconds(startMs),
            Until = DateTimeOffset.FromUnixTimeMilliseconds(d.EndMs ?? Math.Max(startMs, openUntilMs)),
            ConnectedAt = d.StartKnown ? DateTimeOffset.FromUnixTimeMilliseconds(d.StartMs) : null,
            End = d.EndMs is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null,
            Reason = d.Reason,
            Ending = d.Ended ? d.Reason ?? NoReason : d.EndMs is null ? Open : Superseded,
            PeerIp = d.PeerIp,
            PeerPort = d.PeerPort,
            Username = d.Username,
            Node = d.Node,
            ReplacedBy = d.ReplacedBy,
        };
    }
}
