using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.Api;

/// <summary>An event from history as the REST API shows it.</summary>
public sealed record EventDto(
    string ClientId,
    string Kind,
    DateTime At,
    string? PeerIp,
    int? PeerPort,
    string? Username,
    string? Reason,
    string? Node,
    string Source)
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
        SourceName(e.Event.Source));

    public static string SourceName(EventSourceKind source) => source switch
    {
        EventSourceKind.Sys => "sys",
        EventSourceKind.Webhook => "webhook",
        _ => "mqtt",
    };
}
