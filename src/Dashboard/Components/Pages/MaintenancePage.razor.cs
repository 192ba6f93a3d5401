using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.Components.Controls.Actions;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Core.Maintenance;
using Dashboard.Maintenance;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Components.Pages;

/// <summary>
/// <c>/maintenance</c>: the windows in force, to come and past (the history, paged: <c>?page=2</c> in the URL),
/// and for operators a form to plan one and a button to end one early. Reads again when any window changes,
/// here or on another instance.
/// </summary>
public sealed partial class MaintenancePage : IDisposable
{
    private const int PageSize = 25;

    private readonly CancellationTokenSource _closed = new();
    private MaintenanceForm _form = new();
    private Dictionary<string, string[]> _errors = [];
    private IReadOnlyList<MaintenanceWindow> _active = [];
    private IReadOnlyList<MaintenanceWindow> _upcoming = [];
    private IReadOnlyList<MaintenanceWindow> _past = [];
    private bool _morePast;
    private int _page = 1;

    /// <summary>The page of past windows; absent, invalid or below 1 means the first.</summary>
    [SupplyParameterFromQuery(Name = "page")]
    public int? PastPage { get; set; }

    [Inject]
    internal MaintenanceService Service { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [CascadingParameter]
    private ViewerSettings? Viewer { get; set; }

    private TimeZoneInfo Zone => ViewerSettings.ZoneOf(Viewer);

    private string ZoneLabel => ViewerSettings.ZoneLabel(Zone);

    public void Dispose()
    {
        Service.Calendar.Changed -= OnChanged;
        _closed.Cancel();
        _closed.Dispose();
    }

    protected override void OnInitialized()
    {
        _form = MaintenanceForm.Starting(Time.GetUtcNow(), Zone);
        Service.Calendar.Changed += OnChanged;
    }

    protected override Task OnParametersSetAsync()
    {
        _page = PastPage is > 0 and <= 10_000 ? PastPage.Value : 1;
        return ReadAsync();
    }

    private async Task ReadAsync()
    {
        var now = Time.GetUtcNow();
        _active = Service.Calendar.InForce(now);
        _upcoming = Service.Calendar.Upcoming(now);
        (_past, _morePast) = await Service.ListPastAsync(_page, PageSize, _closed.Token);
    }

    private void GoToPage(int page) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("page", page > 1 ? page : null));

    private async Task CreateAsync()
    {
        if (await CircuitPolicy.UserPassingAsync(AuthenticationState, Authorization, DashboardPolicies.Operator) is not { } user)
        {
            return;
        }

        var errors = new Dictionary<string, string[]>();
        var from = MaintenanceForm.FromLocal(_form.From, Zone);
        var to = MaintenanceForm.FromLocal(_form.To, Zone);
        var (window, problems) = await Service.CreateAsync(_form.Scope, _form.Target, from, to, _form.Note, Actor.Of(user), _closed.Token);
        foreach (var (field, messages) in problems)
        {
            errors[field] = messages;
        }

        _errors = errors;
        if (window is not null)
        {
            _form = MaintenanceForm.Starting(Time.GetUtcNow(), Zone);
            await ReadAsync();
        }
    }

    private async Task EndAsync(long id)
    {
        if (await CircuitPolicy.UserPassingAsync(AuthenticationState, Authorization, DashboardPolicies.Operator) is not { } user)
        {
            return;
        }

        await Service.EndAsync(id, Actor.Of(user), _closed.Token);
        await ReadAsync();
    }

    // Another instance's change, or this one's from another tab: read again on the circuit's thread.
    private void OnChanged() => _ = InvokeAsync(async () =>
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }

        await ReadAsync();
        StateHasChanged();
    });
}
