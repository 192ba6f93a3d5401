namespace Dashboard.Core.Emqx;

/// <summary>
/// One client as EMQX's REST API lists it (<c>GET /api/v5/clients</c>, <c>clients_v2</c>, or
/// <c>clients/{clientid}</c>), reduced to what the dashboard uses. Optional values are null when the
/// broker sent <c>null</c>, left the field out, or sent something unusable.
/// </summary>
public sealed record BrokerClient
{
    public required string ClientId { get; init; }

    /// <summary>False for a disconnected client whose session the broker still keeps.</summary>
    public required bool Connected { get; init; }

    /// <summary>The broker's <c>connected_at</c> (an RFC 3339 string in the API), UTC.</summary>
    public DateTimeOffset? ConnectedAt { get; init; }

    public string? Username { get; init; }

    /// <summary>Normalised as the event parser does (lower case, IPv4-mapped IPv6 as IPv4).</summary>
    public string? PeerIp { get; init; }

    public int? PeerPort { get; init; }

    public string? Node { get; init; }

    public int? Keepalive { get; init; }

    public bool? CleanStart { get; init; }

    /// <summary>Seconds, as the API reports it.</summary>
    public long? ExpiryIntervalSeconds { get; init; }

    public int? ProtoVer { get; init; }

    public string? ProtoName { get; init; }

    /// <summary>The session's queue figures; only a single-client read asks for them.</summary>
    public SessionQueueFigures? Queue { get; init; }
}

/// <summary>
/// A session's queue at the broker: messages queued and in flight, and how many it has dropped
/// because the queue was full (EMQX drops silently: this counter is the only trace).
/// </summary>
public sealed record SessionQueueFigures(long MqueueLen, long MqueueMax, long MqueueDropped, long InflightCnt, long InflightMax);

/// <summary>
/// One page of a listing. <see cref="NextCursor"/> is set by <c>clients_v2</c> while more follows;
/// <see cref="HasNext"/> by the paged listing. <see cref="Skipped"/> counts rows that were not
/// usable clients (no client ID, a field past its bound): counted, never guessed at.
/// </summary>
public sealed record BrokerClientPage(IReadOnlyList<BrokerClient> Clients, string? NextCursor, bool HasNext, int Skipped);
