using Dashboard.Core.Events;

namespace Dashboard.Core.Tests.Live;

/// <summary>Builds connect and disconnect events for projection tests, with times in ms since a fixed epoch.</summary>
internal static class Events
{
    public static readonly DateTimeOffset T0 = new(2025, 6, 10, 10, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(long ms) => T0.AddMilliseconds(ms);

    public static ConnectionEvent Connected(string clientId, long connectedAtMs, string ip = "10.0.0.1", int? port = 50000, string? username = "user") => new()
    {
        ClientId = clientId,
        Kind = ConnectionEventKind.Connected,
        EventTime = At(connectedAtMs),
        ConnectedAt = At(connectedAtMs),
        ReceivedAt = At(connectedAtMs),
        Source = EventSourceKind.Mqtt,
        PeerIp = ip,
        PeerPort = port,
        Username = username,
        Node = "emqx@172.18.0.2",
        Keepalive = 60,
        CleanStart = true,
        ProtoVer = 5,
    };

    /// <summary>A disconnect as EMQX 5.8.6+ sends it: with the ended connection's connected_at.</summary>
    public static ConnectionEvent Disconnected(string clientId, long disconnectedAtMs, long? connectedAtMs, string reason, string? ip = "10.0.0.1", int? port = 50000) => new()
    {
        ClientId = clientId,
        Kind = ConnectionEventKind.Disconnected,
        EventTime = At(disconnectedAtMs),
        ConnectedAt = connectedAtMs is { } c ? At(c) : null,
        ReceivedAt = At(disconnectedAtMs),
        Source = EventSourceKind.Mqtt,
        PeerIp = ip,
        PeerPort = port,
        Reason = reason,
        Username = "user",
    };

    /// <summary>The seed's minimal rule: <c>SELECT clientid, username, reason, disconnected_at</c>.</summary>
    public static ConnectionEvent MinimalDisconnected(string clientId, long disconnectedAtMs, string reason) => new()
    {
        ClientId = clientId,
        Kind = ConnectionEventKind.Disconnected,
        EventTime = At(disconnectedAtMs),
        ReceivedAt = At(disconnectedAtMs),
        Source = EventSourceKind.Webhook,
        Reason = reason,
        Username = "user",
    };
}
