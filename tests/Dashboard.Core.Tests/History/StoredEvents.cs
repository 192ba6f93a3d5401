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
        new(
            Interlocked.Increment(ref _nextId), ClientId, ConnectionEventKind.Connected, At(minutes), At(minutes), EventSourceKind.Mqtt,
            username, ip, port, node, Reason: null, Keepalive: 60, CleanStart: true, ExpiryIntervalSeconds: 0, ProtoVer: 5,
            ConnectedAt: At(minutes), RawJson: null);

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
        new(
            Interlocked.Increment(ref _nextId), ClientId, ConnectionEventKind.Disconnected, At(minutes), At(minutes), EventSourceKind.Mqtt,
            username, ip, port, node, reason, Keepalive: null, CleanStart: null, ExpiryIntervalSeconds: null, ProtoVer: 5,
            ConnectedAt: connectedMinutes is { } c ? At(c) : null, RawJson: null);

    /// <summary>The same event as a <c>$SYS</c> message shows it: IP without port, no node.</summary>
    public static StoredEvent AsSys(StoredEvent e) =>
        e with { Id = Interlocked.Increment(ref _nextId), Source = EventSourceKind.Sys, PeerPort = null, Node = null };

    /// <summary>As the store answers: newest first.</summary>
    public static IReadOnlyList<StoredEvent> NewestFirst(params StoredEvent[] events) =>
        events.OrderByDescending(e => e.EventTime).ThenByDescending(e => e.Id).ToList();
}
