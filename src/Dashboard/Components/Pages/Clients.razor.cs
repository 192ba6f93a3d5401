using Dashboard.Auth;
using Dashboard.Components.Controls.Actions;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Controls.Moment;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.Groups;
using Dashboard.Core.Live;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dashboard.Components.Pages;

/// <summary>
/// The client list, paged on the server: live state answers one page at a time from its own index,
/// so the page costs the same for ten clients or a million. Its whole state (state, search,
/// filters, sort, page) is the URL's query (<see cref="ClientsView"/>): a change on the page
/// navigates to a new URL, and the page shows whatever its URL says, so a pasted link, back and
/// forward all open the same list. The grid only displays; a live change only asks it to reload
/// (coalesced by <see cref="LivePage"/>). With <c>at</c> in the URL the page shows a past moment
/// instead, from history (<see cref="MomentPanel"/>), with the same search and filters.
/// </summary>
public sealed partial class Clients
{
    // Delegates made once: a new delegate on every render would look like a changed parameter to the grid.
    private readonly Func<GridState<ClientSnapshot>, CancellationToken, Task<GridData<ClientSnapshot>>> _serverData;
    private readonly Func<ClientSnapshot, int, string> _rowClass = static (client, _) => client.Online ? "client-row client-online" : "client-row client-offline";

    private MudDataGrid<ClientSnapshot>? _grid;
    private ClientsView _view = null!;

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

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IDeviceGroups DeviceGroups { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    // The URL's query, by the API's names (Api/ClientListQuery.cs); wrong values fall back to defaults.
    [SupplyParameterFromQuery(Name = "state")]
    public string? State { get; set; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? Q { get; set; }

    [SupplyParameterFromQuery(Name = "node")]
    public string? Node { get; set; }

    [SupplyParameterFromQuery(Name = "username")]
    public string? Username { get; set; }

    [SupplyParameterFromQuery(Name = "reason")]
    public string? Reason { get; set; }

    [SupplyParameterFromQuery(Name = "proto")]
    public string? Proto { get; set; }

    [SupplyParameterFromQuery(Name = "cleanStart")]
    public string? CleanStart { get; set; }

    [SupplyParameterFromQuery(Name = "keepaliveMin")]
    public string? KeepaliveMin { get; set; }

    [SupplyParameterFromQuery(Name = "keepaliveMax")]
    public string? KeepaliveMax { get; set; }

    [SupplyParameterFromQuery(Name = "connectedAfter")]
    public string? ConnectedAfter { get; set; }

    [SupplyParameterFromQuery(Name = "connectedBefore")]
    public string? ConnectedBefore { get; set; }

    [SupplyParameterFromQuery(Name = "group")]
    public string? Group { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = "order")]
    public string? Order { get; set; }

    [SupplyParameterFromQuery(Name = "page")]
    public string? PageNumber { get; set; }

    [SupplyParameterFromQuery(Name = "pageSize")]
    public string? PageSize { get; set; }

    private string PageRange
    {
        get
        {
            var first = ((long)(_view.Query.Page - 1) * _view.Query.PageSize) + 1;
            var last = Math.Min(first + _view.Query.PageSize - 1, _view.Total);
            return first > _view.Total
                ? $"0 of {DisplayFormat.Number(_view.Total)}"
                : $"{DisplayFormat.Number(first)}–{DisplayFormat.Number(last)} of {DisplayFormat.Number(_view.Total)}";
        }
    }

    protected override void OnInitialized()
    {
        _view = new ClientsView(LiveState, Time);
        base.OnInitialized();
    }

    /// <summary>A changed URL (a link, back, forward, or a change made here) reloads the grid; a re-render with the same one does nothing.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (!_canKick)
        {
            _canKick = await CircuitPolicy.UserPassingAsync(AuthenticationState, Authorization, DashboardPolicies.Operator) is not null;
        }

        if (_view.ApplyUrl(ClientsView.ParseUrl(UrlParameters(), Time.GetUtcNow(), DeviceGroups)))
        {
            await ReloadAsync();
        }
    }

    /// <summary>A tick moves relative times on; a change (or the page itself) reloads the grid, which a past moment does not show.</summary>
    protected override async Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken)
    {
        _view.Tick();
        if ((why & (LiveTriggers.Change | LiveTriggers.Reload)) != 0 && _grid is not null && MomentAt is null)
        {
            await _grid.ReloadServerData();
        }
    }

    /// <summary>The grid's own paging and sorting are off: the page shown is the URL's.</summary>
    private async Task<GridData<ClientSnapshot>> LoadClientsAsync(GridState<ClientSnapshot> state, CancellationToken cancellationToken)
    {
        var page = await _view.LoadAsync(cancellationToken);
        return new GridData<ClientSnapshot> { Items = page.Items, TotalItems = page.Total };
    }

    private Dictionary<string, string?> UrlParameters() => new(StringComparer.Ordinal)
    {
        ["state"] = State,
        ["q"] = Q,
        ["node"] = Node,
        ["username"] = Username,
        ["reason"] = Reason,
        ["proto"] = Proto,
        ["cleanStart"] = CleanStart,
        ["keepaliveMin"] = KeepaliveMin,
        ["keepaliveMax"] = KeepaliveMax,
        ["connectedAfter"] = ConnectedAfter,
        ["connectedBefore"] = ConnectedBefore,
        ["group"] = Group,
        ["sort"] = Sort,
        ["order"] = Order,
        ["page"] = PageNumber,
        ["pageSize"] = PageSize,
    };

    /// <summary>
    /// Shows <paramref name="query"/> by going to its URL: a new history entry, so back undoes it;
    /// typed text replaces the entry instead, so back does not step through every word. At a past
    /// moment, the list starts from its first client again.
    /// </summary>
    private void Go(ClientQuery query, bool replace = false)
    {
        if (query != _view.Query)
        {
            var parameters = ClientsView.Parameters(query);
            parameters[MomentParameter.AfterName] = null;
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(parameters), replace: replace);
        }
    }

    private string SortLink(ClientSortField field) => Navigation.GetUriWithQueryParameters(ClientsView.Parameters(_view.SortedBy(field)));

    private void OnSearchChanged(string? text) => Go(_view.WithSearch(text), replace: true);

    private void OnStateChanged(ClientStateFilter state) => Go(_view.WithState(state));

    private void OnFiltersChanged(ClientFilters filters) => Go(_view.WithFilters(filters));

    private void OnPageChanged(int page) => Go(_view.AtPage(page));

    private void OnPageSizeChanged(int pageSize) => Go(_view.WithPageSize(pageSize));

    /// <summary>The selection survives reloads and paging: rows are the same client when their IDs are (<see cref="SameClient"/>).</summary>
    private void OnSelectionChanged(HashSet<ClientSnapshot> selected)
    {
        _selected = selected;
        _selectedIds = [.. selected.Select(c => c.ClientId).Order(StringComparer.Ordinal)];
    }

    private void ClearSelection() => OnSelectionChanged(new HashSet<ClientSnapshot>(SameClient.Instance));

    /// <summary>Rows are snapshots, new on every reload: one client is one row by its ID.</summary>
    private sealed class SameClient : IEqualityComparer<ClientSnapshot>
    {
        public static readonly SameClient Instance = new();

        public bool Equals(ClientSnapshot? x, ClientSnapshot? y) => string.Equals(x?.ClientId, y?.ClientId, StringComparison.Ordinal);

        public int GetHashCode(ClientSnapshot obj) => StringComparer.Ordinal.GetHashCode(obj.ClientId);
    }
}
