using Dashboard.Core.Live;

namespace Dashboard.Api;

/// <summary>A client as the REST API shows it: camelCase, UTC times in ISO 8601.</summary>
public sealed record ClientDto(
    string ClientId,
    string? Username,
    bool Online,
    string? PeerIp,
    int? PeerPort,
    string? Node,
    DateTime? ConnectedAt,
    DateTime? DisconnectedAt,
    string? LastReason,
    int? ProtoVer,
    int? Keepalive,
    bool? CleanStart)
{
    public static ClientDto From(ClientSnapshot c) => new(
        c.ClientId,
        c.Username,
        c.Online,
        c.PeerIp,
        c.PeerPort,
        c.Node,
        c.ConnectedAt?.UtcDateTime,
        c.DisconnectedAt?.UtcDateTime,
        c.LastReason,
        c.ProtoVer,
        c.Keepalive,
        c.CleanStart);
}

public sealed record ClientPageDto(int Total, IReadOnlyList<ClientDto> Items);
