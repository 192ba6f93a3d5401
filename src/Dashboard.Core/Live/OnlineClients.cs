using Dashboard.Core.Events;
using Dashboard.Core.Reasons;

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

        if (record.Online)
        {
            if (connectedAt == record.ConnectedAtMs)
            {
                MergeSessionDetails(record, e);
                return ProjectionOutcome.Merged;
            }

            // A session that began at a clamped time cannot say it is newer than anything, so any
            // real connect replaces it: a forged year-9999 connect must not outrank the real one.
            if (connectedAt < record.ConnectedAtMs && !record.StartClamped)
            {
                return ProjectionOutcome.Stale;
            }

            // A newer connection for an online client: the broker replaced the old session
            // (takeover or discard). The old one's disconnect may still be on its way; it will be stale.
            OnlineCount--;
            StartSession(record, e, connectedAt);
            return ProjectionOutcome.SessionReplaced;
        }

        if (!IsAfterLastEnding(record, e, connectedAt))
        {
            return ProjectionOutcome.Stale;
        }

        StartSession(record, e, connectedAt);
        return ProjectionOutcome.WentOnline;
    }

    /// <summary>
    /// Whether a connect for an offline client is a new session rather than the late connect of a
    /// session whose end we have already applied.
    /// </summary>
    private static bool IsAfterLastEnding(ClientRecord record, ConnectionEvent e, long connectedAt)
    {
        if (connectedAt == record.ConnectedAtMs)
        {
            return false;
        }

        // When the ending named its session exactly, any later connect is a new session, even if
        // the two broker nodes' clocks disagree by a little about which came first.
        if (HasExactConnectedAt(e) && record.ConnectedAtExact && record.ConnectedAtMs != 0)
        {
            return connectedAt > record.ConnectedAtMs;
        }

        return connectedAt >= record.DisconnectedAtMs;
    }

    private ProjectionOutcome ApplyDisconnected(ConnectionEvent e)
    {
        var disconnectedAt = e.EventTime.ToUnixTimeMilliseconds();
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
            if (disconnectedAt <= record.DisconnectedAtMs)
            {
                return ProjectionOutcome.Stale;
            }

            // We missed this session's connect; keep the newest ending we know of.
            RecordEnding(record, e, disconnectedAt);
            _eviction.Track(record, e.ReceivedAt);
            return ProjectionOutcome.Recorded;
        }

        if (IsReplacedByAnotherConnection(e.Reason))
        {
            // Another connection took this client ID's session: whichever order the two events
            // arrive in, the client stays online. Remember how the previous session ended.
            if (disconnectedAt > record.DisconnectedAtMs)
            {
                record.DisconnectedAtMs = disconnectedAt;
                record.LastReason = _shared.Share(e.Reason);
            }

            return ProjectionOutcome.Recorded;
        }

        if (!BelongsToCurrentSession(record, e, disconnectedAt))
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

    public static bool IsReplacedByAnotherConnection(string? reason) =>
        ReasonCatalog.IsReplacement(reason);

    /// <summary>
    /// A disconnect ends the current session only if it is that session's: by <c>connected_at</c>
    /// when both sides have the broker's value, else by peer, else by time.
    /// </summary>
    private static bool BelongsToCurrentSession(ClientRecord record, ConnectionEvent e, long disconnectedAt)
    {
        // A session whose start was clamped has nothing of the broker's to match by (and its start
        // may be later than the real disconnect): the next disconnect ends it.
        if (record.StartClamped)
        {
            return true;
        }

        if (HasExactConnectedAt(e) && record.ConnectedAtExact)
        {
            var connectedAt = e.ConnectedAt!.Value;
            return connectedAt.ToUnixTimeMilliseconds() == record.ConnectedAtMs;
        }

        if (e.PeerIp is not null && record.PeerIp is not null)
        {
            if (!string.Equals(e.PeerIp, record.PeerIp, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (e.PeerPort is { } port && record.PeerPort != 0)
            {
                return port == record.PeerPort;
            }
        }

        return disconnectedAt >= record.ConnectedAtMs;
    }

    /// <summary>Whether the event carries the broker's own <c>connected_at</c>, not absent and not clamped.</summary>
    private static bool HasExactConnectedAt(ConnectionEvent e) => e.ConnectedAt is not null && !e.TimeClamped;

    private void StartSession(ClientRecord record, ConnectionEvent e, long connectedAt)
    {
        record.Online = true;
        OnlineCount++;
        record.ConnectedAtMs = connectedAt;
        record.ConnectedAtExact = HasExactConnectedAt(e);
        record.StartClamped = e.TimeClamped;
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
        record.ConnectedAtExact |= HasExactConnectedAt(e);
        record.StartClamped &= e.TimeClamped;
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

    private static sbyte ToTriState(bool? value) => value switch
    {
        null => -1,
        false => 0,
        true => 1,
    };
}
