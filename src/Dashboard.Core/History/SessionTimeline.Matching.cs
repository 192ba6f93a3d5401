using Dashboard.Core.Events;
using Dashboard.Core.Sessions;

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
            var ending = EndingFacts.Of(e.Event);
            if (ending.ConnectedAtMs is { } startMs && _byStart.TryGetValue(startMs, out var sameStart)
                && sameStart.FirstOrDefault(d => SessionMatcher.NamesSession(d.Facts, ending)) is { } named)
            {
                // The broker named the session exactly; if it has ended already, this is a repeat.
                if (!named.Ended)
                {
                    End(named, e, atMs);
                }

                return;
            }

            var session = SessionMatcher.FindEnded(_open, static d => d.Facts, ending);
            if (session is null && ending.ConnectedAtMs is { } namedStartMs)
            {
                // Its connect is before the range, or missing: the disconnect still says when it began.
                session = new Draft { StartMs = namedStartMs, StartKnown = true, StartExact = true };
                Add(session);
            }
            else if (session is null)
            {
                // No connect for it in the range: it began at the range start, or after the session before it.
                session = new Draft { StartMs = Math.Min(_boundaryMs, atMs), StartKnown = false };
                Drafts.Add(session);
            }

            End(session, e, atMs);
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
