using Dashboard.Core.Events;
using Dashboard.Core.Live;

namespace Dashboard.Core.History;

public static partial class SessionTimeline
{
    /// <summary>
    /// One pass over the events in time order. Open sessions are few (one, or two around a
    /// takeover, plus any whose disconnect was lost), so matching a disconnect is cheap however
    /// long the history.
    /// </summary>
    private sealed class BuildState(long fromMs)
    {
        private readonly Dictionary<long, List<Draft>> _byStart = [];
        private readonly List<Draft> _open = [];

        /// <summary>The latest start or end so far: where a session with an unknown start begins.</summary>
        private long _boundaryMs = fromMs;

        public List<Draft> Drafts { get; } = [];

        public void Connect(StoredEvent e)
        {
            var startMs = (e.ConnectedAt ?? e.EventTime).ToUnixTimeMilliseconds();
            if (_byStart.TryGetValue(startMs, out var sameStart) && sameStart.Any(d => d.TryMergeConnect(e)))
            {
                return;
            }

            var draft = Draft.FromConnect(e);
            Add(draft);
            _open.Add(draft);
        }

        public void Disconnect(StoredEvent e)
        {
            var atMs = e.EventTime.ToUnixTimeMilliseconds();
            if (e.ConnectedAt is { } connectedAt)
            {
                // The broker named the session exactly.
                var startMs = connectedAt.ToUnixTimeMilliseconds();
                var named = _byStart.TryGetValue(startMs, out var sameStart) ? sameStart.FirstOrDefault() : null;
                if (named is null)
                {
                    // Its connect is before the range, or missing: the disconnect still says when it began.
                    named = new Draft { StartMs = startMs, StartKnown = true };
                    Add(named);
                }

                if (!named.Ended)
                {
                    End(named, e, atMs);
                }

                return;
            }

            var session = FindByPeerOrTime(e);
            if (session is null)
            {
                // No connect for it in the range: it began at the range start, or after the session before it.
                session = new Draft { StartMs = Math.Min(_boundaryMs, atMs), StartKnown = false };
                Drafts.Add(session);
            }

            End(session, e, atMs);
        }

        /// <summary>
        /// The open session a disconnect without <c>connected_at</c> ended: the one from the same IP
        /// and port if there is one, else the newest that fits its peer. A takeover's disconnect never
        /// ends the connection that replaced it, so unless the peer says otherwise it skips the newest.
        /// </summary>
        private Draft? FindByPeerOrTime(StoredEvent e)
        {
            for (var i = _open.Count - 1; i >= 0; i--)
            {
                if (_open[i].SamePeer(e))
                {
                    return _open[i];
                }
            }

            var fitting = _open.Where(d => d.Accepts(e)).Reverse().ToList();
            if (fitting.Count > 1 && fitting[0] == _open[^1] && OnlineClients.IsReplacedByAnotherConnection(e.Reason))
            {
                return fitting[1];
            }

            return fitting.FirstOrDefault();
        }

        private void Add(Draft draft)
        {
            Drafts.Add(draft);
            if (!_byStart.TryGetValue(draft.StartMs, out var list))
            {
                _byStart[draft.StartMs] = list = [];
            }

            list.Add(draft);
            _boundaryMs = Math.Max(_boundaryMs, draft.StartMs);
        }

        private void End(Draft draft, StoredEvent e, long atMs)
        {
            draft.EndWith(e);
            _open.Remove(draft);
            _boundaryMs = Math.Max(_boundaryMs, atMs);
        }
    }
}
