using static Dashboard.Api.StreamedExport;

namespace Dashboard.Api;

/// <summary>The columns of a history export's CSV (<see cref="StreamedExport"/> writes it).</summary>
internal static class EventExport
{
    public static readonly string[] Columns = ["clientId", "kind", "at", "peerIp", "peerPort", "username", "reason", "node", "source", "timeClamped"];

    public static string[] Fields(EventDto dto) =>
    [
        Field(dto.ClientId),
        dto.Kind,
        Time(dto.At),
        Field(dto.PeerIp),
        Number(dto.PeerPort),
        Field(dto.Username),
        Field(dto.Reason),
        Field(dto.Node),
        dto.Source,
        Flag(dto.TimeClamped),
    ];
}
