using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.Core.Tests.History;

/// <summary>Stored events as the history store returns them, at minutes after <see cref="T0"/>.</summary>
internal static class StoredEvents
{
    public const string ClientId = "sensor-1";

    public static readonly DateTimeOffset T0 = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static long _nextId;

    /// <summary>Whole milliseconds, as the store keeps them.</summary>
    public static DateTimeOffset At(double minutes) => T0.AddMilliseconds(Math.Round(minutes * 60_000));

    /// <summary>A connect as a rule event carries it: <c>connected_at</c> equals the event time.</summary>
    public static StoredEvent Connect(double minutes, string ip = "10.0.0.1", int? port = 50000, string? username = "alice", string? node = "emqx@node1") =>
        Stored(Event(ConnectionEventKind.Connected, minutes, ip, port, username, node) with
        {
            Keepalive = 60,
            CleanStart = true,
            ExpiryIntervalSeconds = 0,
            ConnectedAt = At(minutes),
        });

    /// <summary>
    /// A disconnect. <paramref name="connectedMinutes"/> is the session's <c>connected_at</c> (EMQX 5.8.6+);
    /// leave it null for an older broker, where only the peer and the time tell which session ended.
    /// </summary>
    public static StoredEvent Disconnect(
        double minutes,
        string? reason,
        double? connectedMinutes = null,
        string ip = "10.0.0.1",
        int? port = 50000,
        string? username = "alice",
        string? node = "emqx@node1") =>
        Stored(Event(ConnectionEventKind.Disconnected, minutes, ip, port, username, node) with
        {
            Reason = reason,
            ConnectedAt = connectedMinutes is { } c ? At(c) : null,
        });

    /// <summary>The same event as a <c>$SYS</c> message shows it: IP without port, no node.</summary>
    public static StoredEvent AsSys(StoredEvent e) =>
        Stored(e.Event with { Source = EventSourceKind.Sys, PeerPort = null, Node = null });

    /// <summary>The same stored event with its event changed, e.g. <c>Changed(e, c =&gt; c with { Node = null })</c>.</summary>
    public static StoredEvent Changed(StoredEvent e, Func<ConnectionEvent, ConnectionEvent> change) => e with { Event = change(e.Event) };

    /// <summary>As the store answers: newest first.</summary>
    public static IReadOnlyList<StoredEvent> NewestFirst(params StoredEvent[] events) =>
        events.OrderByDescending(e => e.EventTime).ThenByDescending(e => e.Id).ToList();

    private static StoredEvent Stored(ConnectionEvent e) => new(Interlocked.Increment(ref _nextId), e);

    private static ConnectionEvent Event(ConnectionEventKind kind, double minutes, string ip, int? port, string? username, string? node) => new()
    {
        ClientId = ClientId,
        Kind = kind,
        EventTime = At(minutes),
        ReceivedAt = At(minutes),
        Source = EventSourceKind.Mqtt,
        Username = username,
        PeerIp = ip,
        PeerPort = port,
        Node = node,
        ProtoVer = 5,
    };
}
