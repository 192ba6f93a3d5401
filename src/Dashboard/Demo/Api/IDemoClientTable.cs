using Dashboard.Core.Emqx;

namespace Dashboard.Demo.Api;

/// <summary>
/// The clients the demo EMQX API answers about: the embedded broker's real connections
/// (<see cref="BrokerClientTable"/>) or generated ones for tests and the bench
/// (<see cref="SyntheticClientTable"/>). A table reads one page at a time and never copies
/// itself whole, so a million rows page in bounded memory.
/// </summary>
internal interface IDemoClientTable
{
    /// <summary>Clients in the table now (<c>connections</c> in <c>GET nodes</c>).</summary>
    long Count { get; }

    /// <summary>Rows after <paramref name="cursor"/> (null: from the start), for <c>clients_v2</c>; null when the cursor is not one this table gave out.</summary>
    ValueTask<DemoClientListing?> ListAfterAsync(string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>Page <paramref name="page"/> (from 1) of <paramref name="limit"/> rows, with the total, for the paged <c>clients</c>.</summary>
    ValueTask<DemoClientListing> ListPageAsync(int page, int limit, CancellationToken cancellationToken);

    /// <summary>One client, or null when the table does not know it.</summary>
    DemoClient? Find(string clientId);

    /// <summary>The client's session queue as EMQX would report it (<c>mqueue_*</c>, <c>inflight_*</c>).</summary>
    ValueTask<SessionQueueFigures> GetQueueAsync(string clientId);

    /// <summary>Kicks one client: false when the table does not know it (EMQX's 404).</summary>
    Task<bool> KickAsync(string clientId, CancellationToken cancellationToken);
}

/// <summary>One row as the demo API reports it; every value is what the client sent, unchecked (as EMQX would list it).</summary>
internal sealed record DemoClient(
    string ClientId,
    string? Username,
    string IpAddress,
    int Port,
    DateTimeOffset ConnectedAt,
    int Keepalive,
    bool CleanStart,
    long ExpiryIntervalSeconds,
    int ProtoVer,
    bool Connected = true);

/// <summary>
/// One page of rows. <see cref="NextCursor"/> is null at the end of a cursor listing;
/// <see cref="Total"/> and <see cref="HasNext"/> describe a paged listing.
/// </summary>
internal sealed record DemoClientListing(IReadOnlyList<DemoClient> Clients, string? NextCursor, long Total, bool HasNext);
