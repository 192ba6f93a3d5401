using Dashboard.Api;
using Dashboard.Core.Groups;
using Dashboard.Core.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Dashboard.ViewModels;

/// <summary>
/// What the client list shows. Its whole state (state, search, field filters, sort, page and page
/// size) is a <see cref="ClientQuery"/> read from the page's URL (<see cref="ApplyUrl"/>), with the
/// API's parameter names (<see cref="ClientListQuery"/>), so a link, back and forward all open the
/// same list, and the same query string asks the API or its export for it. A change made on the page
/// is a new URL (<see cref="Parameters"/>), never a change of state in place.
/// </summary>
public sealed class ClientsView(LiveState liveState, TimeProvider time)
{
    public const int DefaultPageSize = 50;

    public static readonly int[] PageSizes = [25, 50, 100];

    private static readonly StaticDeviceGroups NoGroups = new(GroupMatcher.None);

    private ClientQuery? _applied;

    public ClientQuery Query { get; private set; } = new(PageSize: DefaultPageSize);

    public ClientStateFilter State => Query.State;

    public string? Search => Query.Search;

    public ClientFilters Filters => Query.Filters;

    public int Total { get; private set; }

    /// <summary>Pages of the current result, at least one.</summary>
    public int PageCount => Math.Max(1, (Total + Query.PageSize - 1) / Query.PageSize);

    /// <summary>The list is empty because nothing has arrived at all (the page then says how to set EMQX up).</summary>
    public bool NoEventsYet { get; private set; }

    public DateTimeOffset Now { get; private set; } = time.GetUtcNow();

    public bool HasFilters => Query.Filters != ClientFilters.None;

    public string NoRecordsText => (Search, HasFilters, State) switch
    {
        ({ } search, _, _) => $"No client matches \"{search}\"{(HasFilters ? " with these filters" : string.Empty)}.",
        (null, true, _) => "No client matches these filters.",
        (null, _, ClientStateFilter.Online) => "No client is online.",
        (null, _, ClientStateFilter.Offline) => "No client has gone offline recently.",
        _ => "No clients seen yet.",
    };

    public string SinceColumnTitle => State switch
    {
        ClientStateFilter.Online => "Connected since",
        ClientStateFilter.Offline => "Offline since",
        _ => "Connected / offline since",
    };

    /// <summary>The column "since" sorts by: the disconnect time on the offline list, where it shows that.</summary>
    public ClientSortField SinceSort => ClientListQuery.DefaultSort(State);

    /// <summary>
    /// The list a URL's query asks for. Values that are wrong fall back to their defaults (a pasted
    /// link never fails); so does a page size the page does not offer, and a group not in
    /// <paramref name="groups"/> (none given: no group is).
    /// </summary>
    public static ClientQuery ParseUrl(IReadOnlyDictionary<string, string?> parameters, DateTimeOffset now, IDeviceGroups? groups = null)
    {
        var values = parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => new StringValues(p.Value), StringComparer.OrdinalIgnoreCase);
        var query = new QueryCollection(values);
        var ignored = new Dictionary<string, string[]>();
        var parsed = ClientListQuery.Parse(query, now, groups ?? NoGroups, ignored);
        var page = QueryNumber.Read(query, "page", 1, 1, int.MaxValue, ignored);
        var pageSize = QueryNumber.Read(query, "pageSize", DefaultPageSize, 1, ClientQuery.MaxPageSize, ignored);
        return parsed with { Page = page, PageSize = PageSizes.Contains(pageSize) ? pageSize : DefaultPageSize };
    }

    /// <summary>The URL parameters of a list: every name, null for a default (left out of the URL).</summary>
    public static Dictionary<string, object?> Parameters(ClientQuery query)
    {
        var parameters = ClientListQuery.Format(query);
        parameters["page"] = query.Page == 1 ? null : query.Page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        parameters["pageSize"] = query.PageSize == DefaultPageSize ? null : query.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return parameters;
    }

    /// <summary>
    /// Takes the list the URL asks for. True when it differs from the one shown (the grid must then
    /// reload); false for the first one (the grid's first load reads it) and for a re-render.
    /// </summary>
    public bool ApplyUrl(ClientQuery query)
    {
        if (query == _applied)
        {
            return false;
        }

        var first = _applied is null;
        _applied = query;
        Query = query;
        return !first;
    }

    /// <summary>The list with another search, from its first page.</summary>
    public ClientQuery WithSearch(string? text) => Query with { Search = Normalise(text), Page = 1 };

    /// <summary>The list with another state, from its first page; a default order follows the state's default.</summary>
    public ClientQuery WithState(ClientStateFilter state)
    {
        var sortBy = Query.SortBy == SinceSort && Query.Descending ? ClientListQuery.DefaultSort(state) : Query.SortBy;
        return Query with { State = state, SortBy = sortBy, Page = 1 };
    }

    public ClientQuery WithFilters(ClientFilters filters) => Query with { Filters = filters, Page = 1 };

    /// <summary>
    /// The list ordered by <paramref name="field"/>: the other way round if it already is; otherwise
    /// times newest first and everything else A to Z. From the first page.
    /// </summary>
    public ClientQuery SortedBy(ClientSortField field)
    {
        var descending = field == Query.SortBy
            ? !Query.Descending
            : field is ClientSortField.ConnectedAt or ClientSortField.DisconnectedAt;
        return Query with { SortBy = field, Descending = descending, Page = 1 };
    }

    /// <summary>Counting from 1.</summary>
    public ClientQuery AtPage(int page) => Query with { Page = Math.Max(1, page) };

    public ClientQuery WithPageSize(int pageSize) => Query with { PageSize = pageSize, Page = 1 };

    /// <summary>The export of the list as shown (all its pages), relative to the app's base: the same query, the sort spelled out.</summary>
    public string ExportLink(string format)
    {
        var parameters = ClientListQuery.Format(Query);
        parameters["sort"] = ClientListQuery.SortNames.First(n => n.Value == Query.SortBy).Key;
        parameters["format"] = format;
        var query = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString((string)p.Value!)}"));
        return "api/clients/export?" + query;
    }

    /// <summary>Moves the clock on, so relative times move between live changes.</summary>
    public void Tick() => Now = time.GetUtcNow();

    /// <summary>
    /// Answers the grid with the page of <see cref="Query"/>. Loads can overlap (a live reload while
    /// the URL changes) and the grid keeps whichever answer comes back last, so a load that finds a
    /// newer query applied meanwhile answers that one instead: the last answer is always the newest.
    /// </summary>
    public async Task<PagedResult<ClientSnapshot>> LoadAsync(CancellationToken cancellationToken)
    {
        ClientQuery answered;
        PagedResult<ClientSnapshot> page;
        do
        {
            answered = Query;

            // Off the circuit's dispatcher: a query over a large fleet must not hold up the UI's events.
            page = await Task.Run(() => liveState.QueryClients(answered), cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }
        while (!ReferenceEquals(answered, Query));

        Total = page.Total;
        NoEventsYet = page.Total == 0 && liveState.GetSummary().LastEventAt is null;
        Now = time.GetUtcNow();
        return page;
    }

    private static string? Normalise(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
