using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Tests.Shared;

namespace Dashboard.Core.Tests.History;

/// <summary>Stored events as the history store returns them, built from <see cref="TestEvents"/> at minutes after its T0.</summary>
internal static class StoredEvents
{
    public const string ClientId = "sensor-1";

    private static long _nextId;

    /// <summary>Whole milliseconds, as the store keeps them.</summary>
    public static DateTimeOffset At(double minutes) => TestEvents.T0.AddMilliseconds(Math.Round(minutes * 60_000));

    /// <summary>A connect as a rule event carries it: <c>connected_at</c> equals the event time.</summary>
    public static StoredEvent Connect(double minutes, string ip = "10.0.0.1", int? port = 50000, string? username = "alice", string? node = "emqx@node1") =>
        Stored(TestEvents.Connected(ClientId, At(minutes), ip, port, username) with { Node = node, ProtoName = null, RawJson = null });

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
        Stored(TestEvents.Disconnected(ClientId, At(minutes), connectedMinutes is { } c ? At(c) : null, reason ?? "", ip, port)
            with { Reason = reason, Username = username, Node = node, ProtoVer = 5, RawJson = null });

    /// <summary>The same event as a <c>$SYS</c> message shows it: IP without port, no node.</summary>
    public static StoredEvent AsSys(StoredEvent e) =>
        Stored(e.Event with { Source = EventSourceKind.Sys, PeerPort = null, Node = null });

    /// <summary>The same stored event with its event changed, e.g. <c>Changed(e, c =&gt; c with { Node = null })</c>.</summary>
    public static StoredEvent Changed(StoredEvent e, Func<ConnectionEvent, ConnectionEvent> change) => e with { Event = change(e.Event) };

    /// <summary>As the store answers: newest first.</summary>
    public static IReadOnlyList<StoredEvent> NewestFirst(params StoredEvent[] events) =>
        events.OrderByDescending(e => e.EventTime).ThenByDescending(e => e.Id).ToList();

    private static StoredEvent Stored(ConnectionEvent e) => new(Interlocked.Increment(ref _nextId), e);
}
