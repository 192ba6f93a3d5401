namespace Dashboard.Core.Live;

/// <summary>Which clients a list shows.</summary>
public enum ClientStateFilter
{
    Online,
    Offline,
    All,
}

/// <summary>
/// The columns a client list can be ordered by. Ties are broken by client ID, so pages are stable.
/// A missing value (no username, unknown keepalive) orders before every known one.
/// </summary>
public enum ClientSortField
{
    ConnectedAt,
    ClientId,
    DisconnectedAt,
    Username,
    Node,

    /// <summary>Peer IP (as text), then port.</summary>
    Peer,
    LastReason,
    ProtoVer,
    Keepalive,
    CleanStart,
}

/// <summary>
/// One page of the client list. <see cref="Search"/> matches a client ID or username containing
/// it (ignoring case) or a peer IP starting with it; with <see cref="ClientIdOnly"/>, only a client
/// ID containing it (what a "go to client ID" box wants: a fleet-wide username would otherwise
/// match every client). <see cref="Filters"/> narrow it further. Pages count from 1.
/// </summary>
public sealed record ClientQuery(
    ClientStateFilter State = ClientStateFilter.Online,
    string? Search = null,
    ClientSortField SortBy = ClientSortField.ConnectedAt,
    bool Descending = true,
    int Page = 1,
    int PageSize = 50,
    bool ClientIdOnly = false)
{
    public const int MaxPageSize = 1000;

    public ClientFilters Filters { get; init; } = ClientFilters.None;
}

/// <summary>A page of results and the total number that matched.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total);
