using Dashboard.Core.Events;

namespace Dashboard.Tests.Shared;

/// <summary>
/// Connect and disconnect events as the parser makes them from EMQX rule events, for every test
/// project. One time unit: whole milliseconds after <see cref="T0"/> (the stores keep milliseconds);
/// tests on a page's clock pass that clock's times instead. Anything else: named arguments, or
/// <c>with</c> on the result.
/// </summary>
internal static class TestEvents
{
    public static readonly DateTimeOffset T0 = new(2025, 6, 10, 10, 0, 0, TimeSpan.Zero);

    public const string Node = "emqx@172.18.0.2";

    public static DateTimeOffset At(long ms) => T0.AddMilliseconds(ms);

    /// <summary>A connect: <c>connected_at</c> is the event time.</summary>
    public static ConnectionEvent Connected(
        string clientId,
        long atMs,
        string? ip = "10.0.0.1",
        int? port = 50000,
        string? username = "user",
        EventSourceKind source = EventSourceKind.Mqtt) =>
        Connected(clientId, At(atMs), ip, port, username) with { Source = source };

    public static ConnectionEvent Connected(
        string clientId,
        DateTimeOffset at,
        string? ip = "10.0.0.1",
        int? port = 50000,
        string? username = "user",
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
        Node = Node,
        Keepalive = 60,
        CleanStart = true,
        ExpiryIntervalSeconds = 0,
        ProtoVer = protoVer,
        ProtoName = "MQTT",
        RawJson = $$"""{"clientid":"{{clientId}}","event":"client.connected"}""",
    };

    /// <summary>
    /// A disconnect. <paramref name="connectedAtMs"/> is the ended session's <c>connected_at</c> (EMQX 5.8.6+);
    /// null for an older broker, where only the peer and the time tell which session ended.
    /// </summary>
    public static ConnectionEvent Disconnected(
        string clientId,
        long atMs,
        long? connectedAtMs = null,
        string reason = "normal",
        string? ip = "10.0.0.1",
        int? port = 50000) =>
        Disconnected(clientId, At(atMs), connectedAtMs is { } c ? At(c) : null, reason, ip, port);

    public static ConnectionEvent Disconnected(string clientId, DateTimeOffset at, DateTimeOffset? connectedAt, string reason, string? ip = "10.0.0.1", int? port = 50000) => new()
    {
        ClientId = clientId,
        Kind = ConnectionEventKind.Disconnected,
        EventTime = at,
        ConnectedAt = connectedAt,
        ReceivedAt = at,
        Source = EventSourceKind.Mqtt,
        PeerIp = ip,
        PeerPort = port,
        Reason = reason,
        Username = "user",
        RawJson = $$"""{"clientid":"{{clientId}}","event":"client.disconnected","reason":"{{reason}}"}""",
    };

    /// <summary>The end of the session <paramref name="connected"/> began, from the same peer.</summary>
    public static ConnectionEvent Disconnected(ConnectionEvent connected, DateTimeOffset at, string reason) => new()
    {
        ClientId = connected.ClientId,
        Kind = ConnectionEventKind.Disconnected,
        EventTime = at,
        ConnectedAt = connected.ConnectedAt,
        ReceivedAt = at,
        Source = connected.Source,
        PeerIp = connected.PeerIp,
        PeerPort = connected.PeerPort,
        Username = connected.Username,
        Node = connected.Node,
        Reason = reason,
        ProtoVer = connected.ProtoVer,
    };

    /// <summary>The seed's minimal rule: <c>SELECT clientid, username, reason, disconnected_at</c>.</summary>
    public static ConnectionEvent MinimalDisconnected(string clientId, long atMs, string reason) => new()
    {
        ClientId = clientId,
        Kind = ConnectionEventKind.Disconnected,
        EventTime = At(atMs),
        ReceivedAt = At(atMs),
        Source = EventSourceKind.Webhook,
        Reason = reason,
        Username = "user",
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
            var connect = Connected(clientId, at, ip: i % 2 == 0 ? "10.0.0.2" : "10.0.0.3", port: 40000 + i, username: null);
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
