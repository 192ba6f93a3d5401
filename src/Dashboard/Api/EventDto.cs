using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.Api;

/// <summary>An event from history as the REST API shows it.</summary>
/// <param name="TimeClamped">
/// The payload's time was further ahead of our clock than the allowed skew, so <paramref name="At"/>
/// is when we received the event (see <see cref="ConnectionEvent.TimeClamped"/>).
/// </param>
public sealed record EventDto(
    string ClientId,
    string Kind,
    DateTime At,
    string? PeerIp,
    int? PeerPort,
    string? Username,
    string? Reason,
    string? Node,
    string Source,
    bool TimeClamped)
{
    public static EventDto From(StoredEvent e) => new(
        e.ClientId,
        e.Kind == ConnectionEventKind.Connected ? "connected" : "disconnected",
        e.EventTime.UtcDateTime,
        e.PeerIp,
        e.PeerPort,
        e.Username,
        e.Reason,
        e.Node,
        SourceName(e.Event.Source),
        e.Event.TimeClamped);

    public static string SourceName(EventSourceKind source) => source switch
    {
        EventSourceKind.Sys => "sys",
        EventSourceKind.Webhook => "webhook",
        EventSourceKind.Rest => "rest",
        _ => "mqtt",
    };
}
