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

    /// <summary>
    /// Two devices on 10.0.0.2 and 10.0.0.3 taking one client ID from each other: a connect every
    /// 5 s over the last minute before <paramref name="now"/>, each replacing the previous session.
    /// </summary>
    public static List<ConnectionEvent> Swaps(DateTimeOffset now, string clientId, int takeovers)
    {
        var events = new List<ConnectionEvent>();
        ConnectionEvent? previous = null;
        for (var i = 0; i <= takeovers; i++)
        {
            var at = now.AddSeconds(-60 + (i * 5));
            var connect = Connected(clientId, at, ip: i % 2 == 0 ? "10.0.0.2" : "10.0.0.3", port: 40000 + i);
            if (previous is not null)
            {
                events.Add(Disconnected(previous, at, "takenover"));
            }

            events.Add(connect);
            previous = connect;
        }

        return events;
    }
}
