using Dashboard.Core.Events;

namespace Dashboard.Tests.Components;

/// <summary>Real <see cref="ConnectionEvent"/>s as the parser would produce them from EMQX rule events.</summary>
internal static class TestEvents
{
    public static ConnectionEvent Connected(
        string clientId,
        DateTimeOffset at,
        string ip = "10.0.0.1",
        int port = 50000,
        string? username = null,
        int protoVer = 5) => new()
    {
        ClientId = clientId,
        Kind = ConnectionEventKind.Connected,
        EventTime = at,
        ConnectedAt = at,
        ReceivedAt = at,
        Source = EventSourceKind.Mqtt,
        PeerIp = ip,
        PeerPort = port,
        Username = username,
        Node = "emqx@172.18.0.2",
        Keepalive = 60,
        CleanStart = true,
        ProtoVer = protoVer,
        ProtoName = "MQTT",
    };

    public static ConnectionEvent Disconnected(ConnectionEvent connected, DateTimeOffset at, string reason) => new()
    {
        ClientId = connected.ClientId,
        Kind = ConnectionEventKind.Disconnected,
        EventTime = at,
        ConnectedAt = connected.ConnectedAt,
        ReceivedAt = at,
        Source = EventSourceKind.Mqtt,
        PeerIp = connected.PeerIp,
        PeerPort = connected.PeerPort,
        Username = connected.Username,
        Node = connected.Node,
        Reason = reason,
        ProtoVer = connected.ProtoVer,
    };
}
