using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Dashboard.Core.Reasons;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Dashboard.Demo;

/// <summary>
/// Follows each connection of the embedded broker from its CONNECT to its end, and says how it
/// ended in EMQX's words. MQTTnet only tells clean, not clean, or takeover; the rest is what this
/// tracker saw happen: a kick it was asked for, a publish it denied, a packet a client may not
/// send, silence longer than the keepalive allows.
/// </summary>
internal sealed class BrokerConnectionTracker(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PendingConnect> _pending = new();
    private readonly ConcurrentDictionary<string, bool> _latestCleanStart = new();
    private readonly ConcurrentDictionary<string, Tracked> _byEndpoint = new();
    private readonly ConcurrentDictionary<string, Tracked> _currentByClientId = new();

    /// <summary>Connections currently open, by client ID (the newest one per ID).</summary>
    public int OpenCount => _currentByClientId.Count;

    /// <summary>The open connections now (the newest one per client ID), for the demo REST API's listing.</summary>
    public IReadOnlyList<BrokerConnection> OpenConnections() => _currentByClientId.Values.Select(t => t.Connection).ToList();

    /// <summary>The client's open connection, or null.</summary>
    public BrokerConnection? FindOpen(string clientId) => _currentByClientId.TryGetValue(clientId, out var tracked) ? tracked.Connection : null;

    /// <summary>
    /// The connection a CONNECT asks for, before the broker decides (so <c>ConnectedAtMs</c> is 0): what
    /// the authentication and connack events of an attempt carry, refused or not.
    /// </summary>
    public static BrokerConnection DescribeAttempt(ValidatingConnectionEventArgs e)
    {
        var (ip, port) = Split(e.RemoteEndPoint);
        return new BrokerConnection(
            // MQTTnet uses an assigned ID only for MQTT 5 (the broker patches 3.1.1's packet itself).
            !string.IsNullOrEmpty(e.ClientId) ? e.ClientId : e.ProtocolVersion == MQTTnet.Formatter.MqttProtocolVersion.V500 ? e.AssignedClientIdentifier ?? "" : "",
            string.IsNullOrEmpty(e.UserName) ? null : e.UserName,
            ip,
            port,
            ConnectedAtMs: 0,
            e.KeepAlivePeriod ?? 0,
            e.CleanSession ?? true,
            e.SessionExpiryInterval,
            (int)e.ProtocolVersion);
    }

    public void OnValidated(ValidatingConnectionEventArgs e)
    {
        var pending = new PendingConnect(
            e.UserName,
            e.CleanSession ?? true,
            e.KeepAlivePeriod ?? 0,
            e.SessionExpiryInterval,
            (int)e.ProtocolVersion);
        _pending[Key(e.RemoteEndPoint)] = pending;

        // Connection set-up is serialised per broker, so when MQTTnet reports the takeover of the
        // old connection, this holds the clean-start flag of the connection that took over.
        _latestCleanStart[e.ClientId] = pending.CleanStart;
    }

    /// <summary>
    /// The client's open connection that a new one from <paramref name="endpoint"/> replaces, ended now
    /// with <c>takenover</c> or <c>discarded</c>; null when there is none. EMQX reports the old session's
    /// end inside the new CONNECT, before the new connect (FACTS §5.3); MQTTnet reports it from the old
    /// connection's own loop, which can come later, so the broker asks here first and MQTTnet's late
    /// report of it then finds nothing.
    /// </summary>
    public (BrokerConnection Connection, string Reason)? TakeOver(string clientId, EndPoint? endpoint)
    {
        if (!_currentByClientId.TryGetValue(clientId, out var old) || old.Key == Key(endpoint)
            || !_byEndpoint.TryRemove(new KeyValuePair<string, Tracked>(old.Key, old)))
        {
            return null;
        }

        _currentByClientId.TryRemove(new KeyValuePair<string, Tracked>(clientId, old));
        return (old.Connection, TakeoverReason(clientId));
    }

    public BrokerConnection OnConnected(string clientId, EndPoint? endpoint)
    {
        var key = Key(endpoint);
        _pending.TryRemove(key, out var pending);
        var (ip, port) = Split(endpoint);
        var now = time.GetUtcNow();
        var connection = new BrokerConnection(
            clientId,
            string.IsNullOrEmpty(pending?.Username) ? null : pending.Username,
            ip,
            port,
            now.ToUnixTimeMilliseconds(),
            pending?.Keepalive ?? 0,
            pending?.CleanStart ?? true,
            pending?.ExpiryIntervalSeconds ?? 0,
            pending?.ProtoVer ?? 4);
        var tracked = new Tracked(connection, key) { LastInboundAt = now };
        _byEndpoint[key] = tracked;
        _currentByClientId[clientId] = tracked;
        return connection;
    }

    public void OnInboundPacket(EndPoint? endpoint, bool packetNotAllowedFromClient)
    {
        if (_byEndpoint.TryGetValue(Key(endpoint), out var tracked))
        {
            tracked.LastInboundAt = time.GetUtcNow();
            tracked.ProtocolViolation |= packetNotAllowedFromClient;
        }
    }

    public void MarkNotAuthorized(string clientId)
    {
        if (_currentByClientId.TryGetValue(clientId, out var tracked))
        {
            tracked.NotAuthorized = true;
        }
    }

    /// <summary>Marks the client's current connection as kicked; false when it has none.</summary>
    public bool MarkKicked(string clientId)
    {
        if (!_currentByClientId.TryGetValue(clientId, out var tracked))
        {
            return false;
        }

        tracked.Kicked = true;
        return true;
    }

    /// <summary>The ended connection and its EMQX reason; null for a connection never reported as connected.</summary>
    public (BrokerConnection Connection, string Reason)? OnDisconnected(ClientDisconnectedEventArgs e)
    {
        var key = Key(e.RemoteEndPoint);
        if (!_byEndpoint.TryRemove(key, out var tracked))
        {
            return null;
        }

        _currentByClientId.TryRemove(new KeyValuePair<string, Tracked>(tracked.Connection.ClientId, tracked));
        return (tracked.Connection, Classify(tracked, e.DisconnectType, e.ReasonCode));
    }

    private string Classify(Tracked tracked, MqttClientDisconnectType type, MqttDisconnectReasonCode? code)
    {
        if (type == MqttClientDisconnectType.Takeover)
        {
            return TakeoverReason(tracked.Connection.ClientId);
        }

        if (type == MqttClientDisconnectType.Clean)
        {
            return code is null or MqttDisconnectReasonCode.NormalDisconnection ? ReasonNames.Normal : SnakeCase(code.Value.ToString());
        }

        if (tracked.Kicked)
        {
            return ReasonNames.Kicked;
        }

        if (tracked.NotAuthorized)
        {
            return ReasonNames.NotAuthorized;
        }

        if (tracked.ProtocolViolation)
        {
            return ReasonNames.InternalError;
        }

        // MQTTnet's keepalive monitor closes a connection silent for 1.5 × keepalive; allow for its polling.
        var silence = time.GetUtcNow() - tracked.LastInboundAt;
        var keepalive = tracked.Connection.Keepalive;
        return keepalive > 0 && silence.TotalSeconds >= keepalive * 1.5 * 0.9 ? ReasonNames.KeepaliveTimeout : ReasonNames.TcpClosed;
    }

    /// <summary>A new connection with clean start discards the old session; one without takes it over.</summary>
    private string TakeoverReason(string clientId) =>
        _latestCleanStart.TryGetValue(clientId, out var cleanStart) && cleanStart ? ReasonNames.Discarded : ReasonNames.TakenOver;

    private static string Key(EndPoint? endpoint) => endpoint?.ToString() ?? "unknown";

    private static (string Ip, int Port) Split(EndPoint? endpoint) => endpoint switch
    {
        IPEndPoint ip => ((ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address).ToString(), ip.Port),
        _ => (endpoint?.ToString() ?? "unknown", 0),
    };

    /// <summary>MQTTnet's <c>DisconnectWithWillMessage</c> → EMQX's <c>disconnect_with_will_message</c>.</summary>
    private static string SnakeCase(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private sealed record PendingConnect(string? Username, bool CleanStart, int Keepalive, long ExpiryIntervalSeconds, int ProtoVer);

    private sealed class Tracked(BrokerConnection connection, string key)
    {
        public BrokerConnection Connection { get; } = connection;

        public string Key { get; } = key;

        public DateTimeOffset LastInboundAt { get; set; }

        public bool Kicked { get; set; }

        public bool NotAuthorized { get; set; }

        public bool ProtocolViolation { get; set; }
    }
}
