using Dashboard.Components.Controls;
using Dashboard.Core.Live;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Pages;

/// <summary>
/// The client list, paged on the server: the grid asks for one page at a time and live state
/// answers from its own index, so the page costs the same for ten clients or a million.
/// What it shows besides the grid is in <see cref="ClientsView"/>; a live change only asks the grid
/// to reload (coalesced by <see cref="LivePage"/>), so its page, page size and sort survive.
/// </summary>
public sealed partial class Clients
{
    private static readonly int[] PageSizes = [25, 50, 100];

    // Delegates made once: a new delegate on every render would look like a changed parameter to the grid.
    private readonly Func<GridState<ClientSnapshot>, CancellationToken, Task<GridData<ClientSnapshot>>> _serverData;
    private readonly Func<ClientSnapshot, int, string> _rowClass = static (client, _) => client.Online ? "client-row client-online" : "client-row client-offline";

    private MudDataGrid<ClientSnapshot>? _grid;
    private ClientsView _view = null!;
    private int _rowsPerPage = 50;

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

    /// <summary>Maps the grid's sort to the live state's (see <see cref="ClientsView.MapSort"/>).</summary>
    internal static (ClientSortField SortBy, bool Descending) MapSort(SortDefinition<ClientSnapshot>? sort, ClientStateFilter state) =>
        ClientsView.MapSort(sort?.SortBy, sort?.Descending ?? false, state);

    protected override void OnInitialized()
    {
        _view = new ClientsView(LiveState, Time);
        base.OnInitialized();
    }

    /// <summary>Only a changed URL query (a new search from the app bar while this page is open) starts the list again.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (_view.ApplyQuery(Q, State))
        {
            await ReloadFromFirstPageAsync();
        }
    }

    /// <summary>A tick moves relative times on; a change (or the page itself) reloads the grid's current page.</summary>
    protected override async Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken)
    {
        _view.Tick();
        if ((why & (LiveTriggers.Change | LiveTriggers.Reload)) != 0 && _grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task<GridData<ClientSnapshot>> LoadClientsAsync(GridState<ClientSnapshot> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var request = new ClientPageRequest(state.Page, state.PageSize, sort?.SortBy, sort?.Descending ?? false);
        var page = await _view.LoadAsync(request, cancellationToken);
        return new GridData<ClientSnapshot> { Items = page.Items, TotalItems = page.Total };
    }

    private async Task OnSearchChangedAsync(string? text)
    {
        if (_view.SetSearch(text))
        {
            await ReloadFromFirstPageAsync();
        }
    }

    private async Task OnStateChangedAsync(ClientStateFilter state)
    {
        if (_view.SetState(state))
        {
            await ReloadFromFirstPageAsync();
        }
    }

    /// <summary>A new search or filter starts at page one; page three of the old result means nothing.</summary>
    private async Task ReloadFromFirstPageAsync()
    {
        _grid?.NavigateTo(Page.First);
        await ReloadAsync();
    }
}
