using Dashboard.Auth;
using Dashboard.Components.Controls.Actions;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.Live;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
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

    /// <summary>Operators get row checkboxes and "Kick selected"; the kick itself checks the policy again.</summary>
    private bool _canKick;
    private HashSet<ClientSnapshot> _selected = new(SameClient.Instance);
    private string[] _selectedIds = [];

    public Clients()
    {
        _serverData = LoadClientsAsync;
    }

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required IAuthorizationService Authorization { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

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
        if (!_canKick)
        {
            _canKick = await CircuitPolicy.UserPassingAsync(AuthenticationState, Authorization, DashboardPolicies.Operator) is not null;
        }

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

    /// <summary>The selection survives reloads and paging: rows are the same client when their IDs are (<see cref="SameClient"/>).</summary>
    private void OnSelectionChanged(HashSet<ClientSnapshot> selected)
    {
        _selected = selected;
        _selectedIds = [.. selected.Select(c => c.ClientId).Order(StringComparer.Ordinal)];
    }

    private void ClearSelection() => OnSelectionChanged(new HashSet<ClientSnapshot>(SameClient.Instance));

    /// <summary>A new search or filter starts at page one; page three of the old result means nothing.</summary>
    private async Task ReloadFromFirstPageAsync()
    {
        _grid?.NavigateTo(Page.First);
        await ReloadAsync();
    }

    /// <summary>Rows are snapshots, new on every reload: one client is one row by its ID.</summary>
    private sealed class SameClient : IEqualityComparer<ClientSnapshot>
    {
        public static readonly SameClient Instance = new();

        public bool Equals(ClientSnapshot? x, ClientSnapshot? y) => string.Equals(x?.ClientId, y?.ClientId, StringComparison.Ordinal);

        public int GetHashCode(ClientSnapshot obj) => StringComparer.Ordinal.GetHashCode(obj.ClientId);
    }
}
