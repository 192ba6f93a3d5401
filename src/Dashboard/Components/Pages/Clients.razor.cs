using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Pages;

/// <summary>
/// The client list, paged on the server: the grid asks for one page at a time and live state
/// answers from its own index, so the page costs the same for ten clients or a million.
/// The search text and state filter live in fields here, the page, page size and sort in the grid;
/// a live change only asks the grid to reload, so none of them are lost. A link can set both
/// (<c>?q=…&amp;state=all</c>, as the app bar's search box does when no client ID matches exactly).
/// </summary>
public sealed partial class Clients
{
    /// <summary>Relative times ("12 s ago") are re-rendered at this pace between live changes.</summary>
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);

    private static readonly int[] PageSizes = [25, 50, 100];

    // Delegates made once: a new delegate on every render would look like a changed parameter to the grid.
    private readonly Func<GridState<ClientSnapshot>, CancellationToken, Task<GridData<ClientSnapshot>>> _serverData;
    private readonly Func<ClientSnapshot, int, string> _rowClass = static (client, _) => client.Online ? "client-row client-online" : "client-row client-offline";

    private MudDataGrid<ClientSnapshot>? _grid;
    private GridState<ClientSnapshot>? _latestRequest;
    private LiveRefresh? _liveChanges;
    private LiveRefresh? _ticks;
    private ClientStateFilter _state = ClientStateFilter.Online;
    private string? _search;
    private int _rowsPerPage = 50;
    private int _total;
    private DateTimeOffset _now;
    private bool _reloading;
    private bool _reloadAgain;
    private bool _disposed;
    private bool _noEventsYet;
    private (string? Q, string? State)? _appliedQuery;

    public Clients()
    {
        _serverData = LoadClientsAsync;
    }

    [Inject]
    public required LiveState LiveState { get; init; }

    /// <summary>Search text from the URL; typing in the page's own box does not change the URL.</summary>
    [SupplyParameterFromQuery(Name = "q")]
    public string? Q { get; set; }

    /// <summary>online, offline or all; anything else is online.</summary>
    [SupplyParameterFromQuery(Name = "state")]
    public string? State { get; set; }

    [Inject]
    public required ChangeNotifier Notifier { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    private string NoRecordsText => (_search, _state) switch
    {
        ({ } search, _) => $"No client matches \"{search}\".",
        (null, ClientStateFilter.Online) => "No client is online.",
        (null, ClientStateFilter.Offline) => "No client has gone offline recently.",
        _ => "No clients seen yet.",
    };

    private string SinceColumnTitle => _state switch
    {
        ClientStateFilter.Online => "Connected since",
        ClientStateFilter.Offline => "Offline since",
        _ => "Connected / offline since",
    };

    protected override void OnInitialized()
    {
        _now = Time.GetUtcNow();
        _liveChanges = new LiveRefresh(Notifier, Time, null, InvokeAsync, ReloadAsync, DispatchExceptionAsync);
        _ticks = new LiveRefresh(null, Time, TickPeriod, InvokeAsync, TickAsync, DispatchExceptionAsync);
    }

    protected override async Task OnParametersSetAsync()
    {
        // Only when the URL's query changed (a new search from the app bar while this page is
        // open): a re-render for any other reason must not undo what was typed or picked here.
        if (_appliedQuery == (Q, State))
        {
            return;
        }

        var first = _appliedQuery is null;
        _appliedQuery = (Q, State);
        _search = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
        _state = ParseState(State);
        if (!first)
        {
            await ReloadFromFirstPageAsync();
        }
    }

    internal static ClientStateFilter ParseState(string? state) => state?.ToLowerInvariant() switch
    {
        "all" => ClientStateFilter.All,
        "offline" => ClientStateFilter.Offline,
        _ => ClientStateFilter.Online,
    };

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_liveChanges is not null)
        {
            await _liveChanges.DisposeAsync();
        }

        if (_ticks is not null)
        {
            await _ticks.DisposeAsync();
        }
    }

    /// <summary>
    /// Maps the grid's sort to the live state's. Only the two sortable columns can appear; with no
    /// sort the newest sessions come first. "Connected since" shows the disconnect time on offline
    /// rows, so the offline list sorts by that.
    /// </summary>
    internal static (ClientSortField SortBy, bool Descending) MapSort(SortDefinition<ClientSnapshot>? sort, ClientStateFilter state)
    {
        var byTime = state == ClientStateFilter.Offline ? ClientSortField.DisconnectedAt : ClientSortField.ConnectedAt;
        return sort?.SortBy switch
        {
            null => (byTime, true),
            nameof(ClientSnapshot.ClientId) => (ClientSortField.ClientId, sort.Descending),
            _ => (byTime, sort.Descending),
        };
    }

    /// <summary>
    /// Answers the grid. Loads can overlap (a live reload while the user pages or sorts) and the
    /// grid keeps whichever answer comes back last, so a load that finds a newer request made
    /// meanwhile answers that one instead: the last answer is always for the newest request.
    /// </summary>
    private async Task<GridData<ClientSnapshot>> LoadClientsAsync(GridState<ClientSnapshot> state, CancellationToken cancellationToken)
    {
        _latestRequest = state;
        GridState<ClientSnapshot> answered;
        PagedResult<ClientSnapshot> page;
        do
        {
            answered = _latestRequest;
            var (sortBy, descending) = MapSort(answered.SortDefinitions.FirstOrDefault(), _state);
            var query = new ClientQuery(_state, _search, sortBy, descending, answered.Page + 1, answered.PageSize);

            // Off the circuit's dispatcher: a query over a large fleet must not hold up the UI's events.
            page = await Task.Run(() => LiveState.QueryClients(query), cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }
        while (!ReferenceEquals(answered, _latestRequest));

        _total = page.Total;
        _noEventsYet = page.Total == 0 && LiveState.GetSummary().LastEventAt is null;
        _now = Time.GetUtcNow();
        return new GridData<ClientSnapshot> { Items = page.Items, TotalItems = page.Total };
    }

    /// <summary>
    /// Reloads the current page, keeping the grid's page, page size and sort. Live changes arrive
    /// coalesced (<see cref="LiveRefresh"/>); a search or filter change that comes while a reload
    /// is running is folded into one more reload after it, never dropped and never stacked.
    /// </summary>
    private async Task ReloadAsync()
    {
        if (_grid is null)
        {
            return;
        }

        if (_reloading)
        {
            _reloadAgain = true;
            return;
        }

        _reloading = true;
        try
        {
            do
            {
                _reloadAgain = false;
                await _grid.ReloadServerData();
            }
            while (_reloadAgain && !_disposed);
        }
        finally
        {
            _reloading = false;
        }
    }

    private Task TickAsync()
    {
        _now = Time.GetUtcNow();
        StateHasChanged();
        return Task.CompletedTask;
    }

    private async Task OnSearchChangedAsync(string? text)
    {
        var search = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (search == _search)
        {
            return;
        }

        _search = search;
        await ReloadFromFirstPageAsync();
    }

    private async Task OnStateChangedAsync(ClientStateFilter state)
    {
        if (state == _state)
        {
            return;
        }

        _state = state;
        await ReloadFromFirstPageAsync();
    }

    /// <summary>A new search or filter starts at page one; page three of the old result means nothing.</summary>
    private async Task ReloadFromFirstPageAsync()
    {
        _grid?.NavigateTo(Page.First);
        await ReloadAsync();
    }
}
