namespace Dashboard.Core.Live;

/// <summary>Which clients a list shows.</summary>
public enum ClientStateFilter
{
    Online,
    Offline,
    All,
}

public enum ClientSortField
{
    ConnectedAt,
    ClientId,
    DisconnectedAt,
}

/// <summary>
/// One page of the client list. <see cref="Search"/> matches a client ID or username containing
/// it (ignoring case) or a peer IP starting with it; with <see cref="ClientIdOnly"/>, only a client
/// ID containing it (what a "go to client ID" box wants: a fleet-wide username would otherwise
/// match every client). Pages count from 1.
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
}

/// <summary>A page of results and the total number that matched.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total);
