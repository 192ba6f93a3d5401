using Dashboard.Core.Events;
using Dashboard.Core.Sessions;

namespace Dashboard.Core.History;

public static partial class SessionTimeline
{
    /// <summary>
    /// The events in [from, to], each once, oldest first (connects before disconnects at the same
    /// millisecond). Copies of one event (same client ID, kind, time and peer IP: the store's own
    /// identity, so a <c>$SYS</c> copy without a port counts once) are merged: what one lacks, the other fills.
    /// </summary>
    public static IReadOnlyList<StoredEvent> Distinct(IReadOnlyList<StoredEvent> events, DateTimeOffset from, DateTimeOffset to)
    {
        var byIdentity = new Dictionary<EventIdentity, StoredEvent>();
        foreach (var e in events)
        {
            if (e.EventTime < from || e.EventTime > to)
            {
                continue;
            }

            var identity = new EventIdentity(e.ClientId, e.Kind, e.EventTime.ToUnixTimeMilliseconds(), e.PeerIp?.ToLowerInvariant());
            byIdentity[identity] = byIdentity.TryGetValue(identity, out var seen) ? Merge(seen, e) : e;
        }

        return byIdentity.Values
            .OrderBy(e => e.EventTime)
            .ThenBy(e => e.Kind == ConnectionEventKind.Connected ? 0 : 1)
            .ThenBy(e => e.Id)
            .ToList();
    }

    private static StoredEvent Merge(StoredEvent kept, StoredEvent copy) => new(
        Math.Min(kept.Id, copy.Id),
        kept.Event with
        {
            Username = kept.Username ?? copy.Username,
            PeerPort = kept.PeerPort ?? copy.PeerPort,
            Node = kept.Node ?? copy.Node,
            Reason = kept.Reason ?? copy.Reason,
            Keepalive = kept.Keepalive ?? copy.Keepalive,
            CleanStart = kept.CleanStart ?? copy.CleanStart,
            ExpiryIntervalSeconds = kept.ExpiryIntervalSeconds ?? copy.ExpiryIntervalSeconds,
            ProtoVer = kept.ProtoVer ?? copy.ProtoVer,
            ConnectedAt = kept.ConnectedAt ?? copy.ConnectedAt,

            // As live state merges a repeat: one copy with the broker's own time is enough.
            TimeClamped = kept.Event.TimeClamped && copy.Event.TimeClamped,
        });

    /// <summary>A session while it is being put together; times in Unix milliseconds.</summary>
    private sealed class Draft
    {
        public long StartMs;

        /// <summary>The connect time is known (from a connect, or from the disconnect's <c>connected_at</c>).</summary>
        public bool StartKnown;

        /// <summary>The start is the broker's <c>connected_at</c>, not a connect's event time.</summary>
        public bool StartExact;

        /// <summary>The connect's time was too far ahead and is our receive time: it matches nothing exactly.</summary>
        public bool StartClamped;

        public long? EndMs;

        public bool Ended;

        public string? Reason;

        public string? PeerIp;

        public int? PeerPort;

        public string? Username;

        public string? Node;

        public SessionParty? ReplacedBy;

        public static Draft FromConnect(StoredEvent e) => new()
        {
            StartMs = (e.ConnectedAt ?? e.EventTime).ToUnixTimeMilliseconds(),
            StartKnown = true,
            StartExact = SessionMatcher.HasBrokerConnectedAt(e.Event),
            StartClamped = e.Event.TimeClamped,
            PeerIp = e.PeerIp,
            PeerPort = e.PeerPort,
            Username = e.Username,
            Node = e.Node,
        };

        /// <summary>A copy of the same connect (another source, another column set): fill what we lacked.</summary>
        public bool TryMergeConnect(StoredEvent e)
        {
            if (!SessionMatcher.SameConnection(Facts, ConnectFacts(e)))
            {
                return false;
            }

            StartExact |= SessionMatcher.HasBrokerConnectedAt(e.Event);
            StartClamped &= e.Event.TimeClamped;
            FillFrom(e);
            return true;
        }

        public void EndWith(StoredEvent e)
        {
            Ended = true;
            EndMs = e.EventTime.ToUnixTimeMilliseconds();
            Reason = e.Reason;
            FillFrom(e);
        }

        /// <summary>This session as the matcher sees it, with the clamped flag history keeps, as live state does.</summary>
        public SessionFacts Facts => new(StartMs, StartExact, StartClamped, PeerIp, PeerPort, Ended);

        public static SessionFacts ConnectFacts(StoredEvent e) =>
            new((e.ConnectedAt ?? e.EventTime).ToUnixTimeMilliseconds(), SessionMatcher.HasBrokerConnectedAt(e.Event), e.Event.TimeClamped, e.PeerIp, e.PeerPort);
        public SessionParty ToParty() => new(DateTimeOffset.FromUnixTimeMilliseconds(StartMs), PeerIp, PeerPort, Username, Node);

        private void FillFrom(StoredEvent e)
        {
            PeerIp ??= e.PeerIp;
            if (PeerPort is null && SessionMatcher.SameIp(PeerIp, e.PeerIp))
            {
                PeerPort = e.PeerPort;
            }

            Username ??= e.Username;
            Node ??= e.Node;
        }

    }
}
