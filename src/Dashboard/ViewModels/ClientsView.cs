using Dashboard.Core.Live;

namespace Dashboard.ViewModels;

/// <summary>One page of the client list as the grid asks for it: zero-based page, its size, and the sorted column (null for none).</summary>
public sealed record ClientPageRequest(int Page, int PageSize, string? SortColumn = null, bool Descending = false);

/// <summary>
/// What the client list shows, apart from the grid: the search text and state filter (the grid
/// keeps the page, page size and sort, so a live change, which only reloads, loses none of them),
/// the total, and the clock its relative times are measured against. A link can set the search
/// and the filter (<c>?q=…&amp;state=all</c>); only a change of that query applies, so a re-render
/// never undoes what was typed or picked on the page.
/// </summary>
public sealed class ClientsView(LiveState liveState, TimeProvider time)
{
    private (string? Q, string? State)? _appliedQuery;
    private ClientPageRequest? _latestRequest;

    public ClientStateFilter State { get; private set; } = ClientStateFilter.Online;

    public string? Search { get; private set; }

    public int Total { get; private set; }

    /// <summary>The list is empty because nothing has arrived at all (the page then says how to set EMQX up).</summary>
    public bool NoEventsYet { get; private set; }

    public DateTimeOffset Now { get; private set; } = time.GetUtcNow();

    public string NoRecordsText => (Search, State) switch
    {
        ({ } search, _) => $"No client matches \"{search}\".",
        (null, ClientStateFilter.Online) => "No client is online.",
        (null, ClientStateFilter.Offline) => "No client has gone offline recently.",
        _ => "No clients seen yet.",
    };

    public string SinceColumnTitle => State switch
    {
        ClientStateFilter.Online => "Connected since",
        ClientStateFilter.Offline => "Offline since",
        _ => "Connected / offline since",
    };

    /// <summary>online, offline or all; anything else is online.</summary>
    public static ClientStateFilter ParseState(string? state) => state?.ToLowerInvariant() switch
    {
        "all" => ClientStateFilter.All,
        "offline" => ClientStateFilter.Offline,
        _ => ClientStateFilter.Online,
    };

    /// <summary>
    /// Maps the grid's sort to the live state's. Only the two sortable columns can appear; with no
    /// sort the newest sessions come first. "Connected since" shows the disconnect time on offline
    /// rows, so the offline list sorts by that.
    /// </summary>
    public static (ClientSortField SortBy, bool Descending) MapSort(string? column, bool descending, ClientStateFilter state)
    {
        var byTime = state == ClientStateFilter.Offline ? ClientSortField.DisconnectedAt : ClientSortField.ConnectedAt;
        return column switch
        {
            null => (byTime, true),
            nameof(ClientSnapshot.ClientId) => (ClientSortField.ClientId, descending),
            _ => (byTime, descending),
        };
    }

    /// <summary>
    /// Takes the URL's query when it differs from the one applied last. True when the list must
    /// start again from page one: a changed query, not the first one (the grid's first load reads it).
    /// </summary>
    public bool ApplyQuery(string? q, string? state)
    {
        if (_appliedQuery == (q, state))
        {
            return false;
        }

        var first = _appliedQuery is null;
        _appliedQuery = (q, state);
        Search = Normalise(q);
        State = ParseState(state);
        return !first;
    }

    /// <summary>The search typed on the page; true when it changed (the list then starts from page one).</summary>
    public bool SetSearch(string? text)
    {
        var search = Normalise(text);
        if (search == Search)
        {
            return false;
        }

        Search = search;
        return true;
    }

    /// <summary>The state filter picked on the page; true when it changed.</summary>
    public bool SetState(ClientStateFilter state)
    {
        if (state == State)
        {
            return false;
        }

        State = state;
        return true;
    }

    /// <summary>Moves the clock on, so relative times move between live changes.</summary>
    public void Tick() => Now = time.GetUtcNow();

    /// <summary>
    /// Answers the grid. Loads can overlap (a live reload while the user pages or sorts) and the
    /// grid keeps whichever answer comes back last, so a load that finds a newer request made
    /// meanwhile answers that one instead: the last answer is always for the newest request.
    /// </summary>
    public async Task<PagedResult<ClientSnapshot>> LoadAsync(ClientPageRequest request, CancellationToken cancellationToken)
    {
        _latestRequest = request;
        ClientPageRequest answered;
        PagedResult<ClientSnapshot> page;
        do
        {
            answered = _latestRequest;
            var (sortBy, descending) = MapSort(answered.SortColumn, answered.Descending, State);
            var query = new ClientQuery(State, Search, sortBy, descending, answered.Page + 1, answered.PageSize);

            // Off the circuit's dispatcher: a query over a large fleet must not hold up the UI's events.
            page = await Task.Run(() => liveState.QueryClients(query), cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }
        while (!ReferenceEquals(answered, _latestRequest));

        Total = page.Total;
        NoEventsYet = page.Total == 0 && liveState.GetSummary().LastEventAt is null;
        Now = time.GetUtcNow();
        return page;
    }

    private static string? Normalise(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
