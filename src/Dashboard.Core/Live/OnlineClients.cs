using Dashboard.Core.Events;
using Dashboard.Core.Sessions;

namespace Dashboard.Core.Live;

/// <summary>
/// The projection of connect and disconnect events onto who is online now, per client ID.
/// Arrival order is not event order, so every event is checked against the session it belongs to
/// before it changes anything. Not thread-safe: <see cref="LiveState"/> owns the only writer.
/// Offline clients are kept for the list's "recently seen" view, bounded by count and age.
/// </summary>
public sealed partial class OnlineClients
{
    private readonly Dictionary<string, ClientRecord> _clients = new(StringComparer.Ordinal);
    private readonly OfflineEviction _eviction;

    // Usernames, node names and reasons repeat across clients: each record points at one copy.
    private readonly SharedStrings _shared = new(10_000);

    public OnlineClients(int maxOfflineClients, TimeSpan offlineRetention)
    {
        _eviction = new OfflineEviction(maxOfflineClients, offlineRetention);
    }

    public int OnlineCount { get; private set; }

    public int KnownCount => _clients.Count;

    public ProjectionOutcome Apply(ConnectionEvent e) => e.Kind == ConnectionEventKind.Connected
        ? ApplyConnected(e)
        : ApplyDisconnected(e);

    public ClientSnapshot? Get(string clientId) =>
        _clients.TryGetValue(clientId, out var record) ? record.ToSnapshot() : null;

    /// <summary>Drops offline clients past the retention age or over the count limit.</summary>
    public int EvictOffline(DateTimeOffset now) =>
        _eviction.Evict(now.ToUnixTimeMilliseconds(), KnownCount - OnlineCount, _clients);

    private ProjectionOutcome ApplyConnected(ConnectionEvent e)
    {
        var connectedAt = (e.ConnectedAt ?? e.EventTime).ToUnixTimeMilliseconds();
        if (!_clients.TryGetValue(e.ClientId, out var record))
        {
            record = new ClientRecord(e.ClientId);
            _clients.Add(e.ClientId, record);
            StartSession(record, e, connectedAt);
            return ProjectionOutcome.WentOnline;
        }

        var connect = ConnectFacts(e, connectedAt);
        if (record.Online)
        {
            switch (SessionMatcher.CompareConnect(FactsOf(record), connect))
            {
                case ConnectMatch.Repeat:
                    MergeSessionDetails(record, e);
                    return ProjectionOutcome.Merged;
                case ConnectMatch.Stale:
                    return ProjectionOutcome.Stale;
            }

            // A newer connection for an online client: the broker replaced the old session
            // (takeover or discard). The old one's disconnect may still be on its way; it will be stale.
            OnlineCount--;
            StartSession(record, e, connectedAt);
            return ProjectionOutcome.SessionReplaced;
        }

        if (SessionMatcher.CompareConnectAfterEnding(FactsOf(record), record.DisconnectedAtMs, connect) != ConnectMatch.NewSession)
        {
            return ProjectionOutcome.Stale;
        }

        StartSession(record, e, connectedAt);
        return ProjectionOutcome.WentOnline;
    }

    private ProjectionOutcome ApplyDisconnected(ConnectionEvent e)
    {
        var disconnectedAt = e.EventTime.ToUnixTimeMilliseconds();
        var ending = EndingFacts.Of(e);
        if (!_clients.TryGetValue(e.ClientId, out var record))
        {
            record = new ClientRecord(e.ClientId);
            _clients.Add(e.ClientId, record);
            RecordEnding(record, e, disconnectedAt);
            _eviction.Track(record, e.ReceivedAt);
            return ProjectionOutcome.Recorded;
        }

        if (!record.Online)
        {
            if (SessionMatcher.IsStaleEnding(record.DisconnectedAtMs, ending))
            {
                return ProjectionOutcome.Stale;
            }

            // We missed this session's connect; keep the newest ending we know of.
            RecordEnding(record, e, disconnectedAt);
            _eviction.Track(record, e.ReceivedAt);
            return ProjectionOutcome.Recorded;
        }

        if (ending.IsReplacement)
        {
            // Another connection took this client ID's session: whichever order the two events
            // arrive in, the client stays online. Remember how the previous session ended.
            if (!SessionMatcher.IsStaleEnding(record.DisconnectedAtMs, ending))
            {
                record.DisconnectedAtMs = disconnectedAt;
                record.LastReason = _shared.Share(e.Reason);
            }

            return ProjectionOutcome.Recorded;
        }

        if (!SessionMatcher.EndsSession(FactsOf(record), ending))
        {
            return ProjectionOutcome.Stale;
        }

        record.Online = false;
        OnlineCount--;
        record.DisconnectedAtMs = disconnectedAt;
        record.LastReason = _shared.Share(e.Reason);
        _eviction.Track(record, e.ReceivedAt);
        return ProjectionOutcome.WentOffline;
    }

    /// <summary>The current (or last ended) session as the matcher sees it; no allocation.</summary>
    private static SessionFacts FactsOf(ClientRecord record) => new(
        record.ConnectedAtMs,
        record.ConnectedAtExact,
        record.StartClamped,
        record.PeerIp,
        record.PeerPort == 0 ? null : record.PeerPort,
        !record.Online);

    private static SessionFacts ConnectFacts(ConnectionEvent e, long connectedAt) =>
        new(connectedAt, SessionMatcher.HasBrokerConnectedAt(e), e.TimeClamped, e.PeerIp, e.PeerPort);

    private void StartSession(ClientRecord record, ConnectionEvent e, long connectedAt)
    {
        record.Online = true;
        OnlineCount++;
        record.ConnectedAtMs = connectedAt;
        record.ConnectedAtExact = SessionMatcher.HasBrokerConnectedAt(e);
        record.StartClamped = e.TimeClamped;
        record.ConfirmedAtMs = ConfirmedBy(e);
        record.Username = _shared.Share(e.Username);
        record.PeerIp = e.PeerIp;
        record.PeerPort = e.PeerPort ?? 0;
        record.Node = _shared.Share(e.Node);
        record.Keepalive = e.Keepalive ?? -1;
        record.CleanStart = ToTriState(e.CleanStart);
        record.ProtoVer = (byte)(e.ProtoVer ?? 0);
        record.ExpiryIntervalSeconds = e.ExpiryIntervalSeconds ?? -1;
    }

    /// <summary>
    /// The same connection reported twice with different detail (<c>$SYS</c> has no port and no
    /// node in its payload; a rule may select only some columns): fill in what we lacked.
    /// </summary>
    private void MergeSessionDetails(ClientRecord record, ConnectionEvent e)
    {
        record.ConnectedAtExact |= SessionMatcher.HasBrokerConnectedAt(e);
        record.StartClamped &= e.TimeClamped;
        record.ConfirmedAtMs = Math.Max(record.ConfirmedAtMs, ConfirmedBy(e));
        record.Username ??= _shared.Share(e.Username);
        record.PeerIp ??= e.PeerIp;
        if (record.PeerPort == 0 && e.PeerPort is { } port)
        {
            record.PeerPort = port;
        }

        record.Node ??= _shared.Share(e.Node);
        if (record.Keepalive < 0 && e.Keepalive is { } keepalive)
        {
            record.Keepalive = keepalive;
        }

        if (record.CleanStart < 0)
        {
            record.CleanStart = ToTriState(e.CleanStart);
        }

        if (record.ProtoVer == 0 && e.ProtoVer is { } protoVer)
        {
            record.ProtoVer = (byte)protoVer;
        }

        if (record.ExpiryIntervalSeconds < 0 && e.ExpiryIntervalSeconds is { } expiry)
        {
            record.ExpiryIntervalSeconds = expiry;
        }
    }

    /// <summary>Records a disconnect for a client that is not online: its last known ending.</summary>
    private void RecordEnding(ClientRecord record, ConnectionEvent e, long disconnectedAt)
    {
        record.DisconnectedAtMs = disconnectedAt;
        record.LastReason = _shared.Share(e.Reason);
        if (e.ConnectedAt is { } connectedAt)
        {
            record.ConnectedAtMs = connectedAt.ToUnixTimeMilliseconds();
            record.ConnectedAtExact = !e.TimeClamped;
        }

        record.Username = _shared.Share(e.Username) ?? record.Username;
        if (e.PeerIp is not null)
        {
            record.PeerIp = e.PeerIp;
            record.PeerPort = e.PeerPort ?? 0;
        }

        record.Node = _shared.Share(e.Node) ?? record.Node;
        if (e.ProtoVer is { } protoVer)
        {
            record.ProtoVer = (byte)protoVer;
        }
    }

    /// <summary>A correction from EMQX's listing confirms the session it starts or repeats, as of when it was listed.</summary>
    private static long ConfirmedBy(ConnectionEvent e) =>
        e.Source == EventSourceKind.Rest ? e.ReceivedAt.ToUnixTimeMilliseconds() : 0;

    private static sbyte ToTriState(bool? value) => value switch
    {
        null => -1,
        false => 0,
        true => 1,
    };
}
