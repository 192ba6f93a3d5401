using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.Tests.History;

/// <summary>Events for the history tests, at whole milliseconds after <see cref="T0"/> (the stores keep milliseconds).</summary>
internal static class HistoryEvents
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(long ms) => T0.AddMilliseconds(ms);

    public static ConnectionEvent Connected(string clientId, long atMs, string? peerIp = "10.0.0.1", int? peerPort = 50000, EventSourceKind source = EventSourceKind.Mqtt) => new()
    {
        ClientId = clientId,
        Kind = ConnectionEventKind.Connected,
        EventTime = At(atMs),
        ConnectedAt = At(atMs),
        ReceivedAt = At(atMs + 3),
        Source = source,
        Username = "user",
        PeerIp = peerIp,
        PeerPort = peerPort,
        Node = "emqx@10.0.0.9",
        Keepalive = 60,
        CleanStart = true,
        ExpiryIntervalSeconds = 0,
        ProtoVer = 5,
        RawJson = $$"""{"clientid":"{{clientId}}","event":"client.connected"}""",
    };

    public static ConnectionEvent Disconnected(string clientId, long atMs, string reason = "normal", string? peerIp = "10.0.0.1", long? connectedAtMs = null) => new()
    {
        ClientId = clientId,
        Kind = ConnectionEventKind.Disconnected,
        EventTime = At(atMs),
        ConnectedAt = connectedAtMs is { } c ? At(c) : null,
        ReceivedAt = At(atMs + 3),
        Source = EventSourceKind.Mqtt,
        Username = "user",
        PeerIp = peerIp,
        PeerPort = 50000,
        Node = "emqx@10.0.0.9",
        Reason = reason,
        ProtoVer = 5,
        RawJson = $$"""{"clientid":"{{clientId}}","event":"client.disconnected","reason":"{{reason}}"}""",
    };

    /// <summary>
    /// What the store must list for <paramref name="e"/>, given the id it assigned: the columns it keeps
    /// (not the protocol name, nor how the time was found), and lists leave the raw JSON out.
    /// </summary>
    public static StoredEvent Stored(ConnectionEvent e, long id) => new(id, new ConnectionEvent
    {
        ClientId = e.ClientId,
        Kind = e.Kind,
        EventTime = e.EventTime,
        ReceivedAt = e.ReceivedAt,
        Source = e.Source,
        Username = e.Username,
        PeerIp = e.PeerIp,
        PeerPort = e.PeerPort,
        Node = e.Node,
        Reason = e.Reason,
        Keepalive = e.Keepalive,
        CleanStart = e.CleanStart,
        ExpiryIntervalSeconds = e.ExpiryIntervalSeconds,
        ProtoVer = e.ProtoVer,
        ConnectedAt = e.ConnectedAt,
    });

    /// <summary>"client@ms" for each event, to compare sequences readably.</summary>
    public static string[] Keys(IEnumerable<StoredEvent> events) =>
        events.Select(e => $"{e.ClientId}@{(e.EventTime - T0).TotalMilliseconds}").ToArray();
}
