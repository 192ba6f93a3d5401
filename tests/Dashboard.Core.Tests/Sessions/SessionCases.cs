using System.Globalization;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Sessions;

namespace Dashboard.Core.Tests.Sessions;

/// <summary>A session as its connect told us of it; times in ms after <see cref="SessionCases.T0"/>.</summary>
/// <param name="Exact">The connect carried <c>connected_at</c>; false for a rule that selected only the timestamp.</param>
/// <param name="Clamped">The connect's time was too far ahead and was clamped to the receive time.</param>
public sealed record SessionCase(long StartMs, bool Exact = true, bool Clamped = false, string? Ip = SessionCases.Ip, int? Port = SessionCases.Port)
{
    public SessionFacts Facts => new(StartMs, Exact && !Clamped, Clamped, Ip, Port);

    public ConnectionEvent ToEvent() => new()
    {
        ClientId = SessionCases.ClientId,
        Kind = ConnectionEventKind.Connected,
        EventTime = SessionCases.At(StartMs),
        ConnectedAt = Exact ? SessionCases.At(StartMs) : null,
        TimeClamped = Clamped,
        ReceivedAt = SessionCases.At(StartMs),
        Source = EventSourceKind.Mqtt,
        PeerIp = Ip,
        PeerPort = Port,
    };

    public StoredEvent ToStored(long id) => SessionCases.Store(id, ToEvent());

    public override string ToString() =>
        $"start {StartMs}{(Exact ? " exact" : string.Empty)}{(Clamped ? " clamped" : string.Empty)} {Ip ?? "no-ip"}:{Port?.ToString(CultureInfo.InvariantCulture) ?? "-"}";
}

/// <summary>A disconnect; times in ms after <see cref="SessionCases.T0"/>.</summary>
public sealed record EndingCase(long AtMs, long? ConnectedAtMs, string? Ip = SessionCases.Ip, int? Port = SessionCases.Port, string Reason = "normal")
{
    public EndingFacts Facts => new(AtMs, ConnectedAtMs, Ip, Port, IsReplacement: false);

    public ConnectionEvent ToEvent() => new()
    {
        ClientId = SessionCases.ClientId,
        Kind = ConnectionEventKind.Disconnected,
        EventTime = SessionCases.At(AtMs),
        ConnectedAt = ConnectedAtMs is { } c ? SessionCases.At(c) : null,
        ReceivedAt = SessionCases.At(AtMs),
        Source = EventSourceKind.Mqtt,
        PeerIp = Ip,
        PeerPort = Port,
        Reason = Reason,
    };

    public StoredEvent ToStored(long id) => SessionCases.Store(id, ToEvent());

    public override string ToString() =>
        $"at {AtMs} connected_at {ConnectedAtMs?.ToString(CultureInfo.InvariantCulture) ?? "-"} {Ip ?? "no-ip"}:{Port?.ToString(CultureInfo.InvariantCulture) ?? "-"}";
}

/// <summary>
/// The table every view of a session is checked against: the matcher itself, and each consumer
/// (<see cref="Live.OnlineClients"/>, <see cref="SessionTimeline"/>, the conflict window) through its own API.
/// </summary>
public static class SessionCases
{
    public const string ClientId = "table-client";
    public const string Ip = "10.0.0.1";
    public const int Port = 50000;
    public const string V6Lower = "2400:3200:1600::ab12";
    public const string V6Upper = "2400:3200:1600::AB12";

    public static readonly DateTimeOffset T0 = new(2025, 6, 10, 10, 0, 0, TimeSpan.Zero);

    private const long Start = 10_000;

    public static DateTimeOffset At(long ms) => T0.AddMilliseconds(ms);

    /// <summary>Which session a disconnect ends: (session, disconnect) → does it end that session.</summary>
    public static TheoryData<string, SessionCase, EndingCase, bool> Endings => new()
    {
        { "connected_at names it", new(Start), new(20_000, Start), true },
        { "connected_at names an earlier session", new(Start), new(20_000, 5_000), false },
        { "connected_at wins over a different peer", new(Start), new(20_000, Start, "10.0.0.9", 41000), true },
        { "connected_at of a later session (clock skew) is not this one", new(Start), new(20_000, 15_000), false },
        { "session start not exact: peer and time decide", new(Start, Exact: false), new(20_000, 9_990), true },
        { "session start not exact, other IP", new(Start, Exact: false), new(20_000, 9_990, "10.0.0.9"), false },
        { "clamped start: any disconnect ends it", new(Start, Clamped: true), new(20_000, 3_000, "10.0.0.9", 41000), true },
        { "clamped start, disconnect stamped before it", new(Start, Clamped: true), new(5_000, null), true },
        { "same IP and port", new(Start), new(20_000, null), true },
        { "same IP and port, stamped before the session began", new(Start), new(5_000, null), false },
        { "same IP, other port", new(Start), new(20_000, null, Ip, 50001), false },
        { "other IP", new(Start), new(20_000, null, "10.0.0.9"), false },
        { "same IP, disconnect without port ($SYS)", new(Start), new(20_000, null, Ip, null), true },
        { "same IP, session without port ($SYS)", new(Start, Port: null), new(20_000, null), true },
        { "IPv6 in upper case ends the lower-case session", new(Start, Ip: V6Lower), new(20_000, null, V6Upper), true },
        { "IPv6 in lower case ends the upper-case session", new(Start, Ip: V6Upper), new(20_000, null, V6Lower), true },
        { "IPv6, other port", new(Start, Ip: V6Lower), new(20_000, null, V6Upper, 50001), false },
        { "disconnect without peer, after the start", new(Start), new(20_000, null, null, null), true },
        { "disconnect without peer, before the start", new(Start), new(5_000, null, null, null), false },
        { "session without peer", new(Start, Ip: null, Port: null), new(20_000, null), true },
        { "session without peer, disconnect before it", new(Start, Ip: null, Port: null), new(5_000, null), false },
        { "disconnect at the very millisecond of the start", new(Start), new(Start, null), true },
    };

    /// <summary>A connect against a session held open: the same connection again, an older one, or a newer one.</summary>
    public static TheoryData<string, SessionCase, SessionCase, ConnectMatch> Connects => new()
    {
        { "same start, same peer", new(Start), new(Start), ConnectMatch.Repeat },
        { "same start, $SYS without port", new(Start), new(Start, Port: null), ConnectMatch.Repeat },
        { "same start, no peer", new(Start), new(Start, Ip: null, Port: null), ConnectMatch.Repeat },
        { "same start, IPv6 in the other case", new(Start, Ip: V6Lower), new(Start, Ip: V6Upper), ConnectMatch.Repeat },
        { "same start, not exact", new(Start), new(Start, Exact: false), ConnectMatch.Repeat },
        { "same start, other IP", new(Start), new(Start, Ip: "10.0.0.9"), ConnectMatch.NewSession },
        { "same start, same IP, other port (one event to the store)", new(Start), new(Start, Port: 50001), ConnectMatch.Repeat },
        { "earlier start", new(Start), new(5_000), ConnectMatch.Stale },
        { "later start", new(Start), new(20_000, Ip: "10.0.0.9"), ConnectMatch.NewSession },
        { "later start, same peer", new(Start), new(20_000), ConnectMatch.NewSession },
        { "earlier start against a clamped session", new(Start, Clamped: true), new(5_000), ConnectMatch.NewSession },
    };

    /// <summary>
    /// The rows <see cref="SessionTimeline"/> is checked on: history keeps the clamped flag, so all but
    /// a clamped start with a disconnect stamped before it. The timeline reads events in time order and
    /// a clamped start's time is our receive time, so that disconnect comes first and ends no session,
    /// where live state, reading in arrival order, lets it end the clamped one.
    /// </summary>
    public static IEnumerable<object[]> EndingsHistoryCanTell =>
        Endings.Where(row => !((SessionCase)row[1]).Clamped || ((EndingCase)row[2]).AtMs >= ((SessionCase)row[1]).StartMs);

    /// <summary>Both events through the drill-down's timeline, over the table's whole minute.</summary>
    public static IReadOnlyList<ClientSession> Timeline(SessionCase session, StoredEvent next) =>
        SessionTimeline.Build([next, session.ToStored(1)], At(0), At(60_000), now: At(60_000));

    internal static StoredEvent Store(long id, ConnectionEvent e) => new(id, e);
}
