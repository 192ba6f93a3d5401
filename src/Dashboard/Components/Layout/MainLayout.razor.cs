using Dashboard.Auth;
using Dashboard.Components.Controls.Cards;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.Ingestion;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dashboard.Components.Layout;

/// <summary>
/// The frame of every page: app bar with the broker connection state, navigation drawer and the
/// dark/light switch, whose choice this browser remembers (<see cref="ViewerSettings"/>). The connection chip is refreshed every second; it reads the source status,
/// which the MQTT source updates as it connects and drops.
/// </summary>
public sealed partial class MainLayout
{
    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Cancelled at disposal, so no interop call outlives the layout (or holds a stop).</summary>
    private readonly CancellationTokenSource _disposing = new();

    private MudThemeProvider? _themeProvider;
    private ElementReference _main;
    private LiveRefresh? _refresh;
    private IngestSourceStatus? _source;
    private bool _drawerOpen = true;
    private bool _isDarkMode;
    private bool _interactive;
    private bool _themeToggled;
    private string? _role;
    private bool _canView = true;
    private bool _canSignOut;

    [Inject]
    public required IngestDiagnostics Diagnostics { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [CascadingParameter]
    public ViewerSettings? Viewer { get; set; }

    [CascadingParameter]
    public Task<AuthenticationState>? Authentication { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    /// <summary>
    /// The skip link's target on this page. A bare "#main-content" would resolve against the base
    /// href ("/"), i.e. the Overview; the click handler does the work, the href is for "copy link".
    /// Absolute, so it is always an http(s) URL: the path relative to the base is whatever was
    /// requested, and "/javascript:alert(1)//" would make it a javascript: link.
    /// </summary>
    private string SkipLinkHref => Navigation.Uri.Split('#')[0] + "#main-content";

    private string SourceTitle => _source is null
        ? "No event source is configured."
        : _source.LastError is { } error && _source.State != IngestSourceState.Connected
            ? $"{_source.Description} — last error: {error}"
            : _source.Description;

    protected override void OnInitialized()
    {
        _source = IngestSources.Primary(Diagnostics);
        _isDarkMode = Viewer?.DarkMode ?? false;
        _refresh = new LiveRefresh(null, Time, RefreshPeriod, InvokeAsync, _ => RefreshAsync(), DispatchExceptionAsync);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Authentication is null)
        {
            return;
        }

        var user = (await Authentication).User;
        _role = DashboardUser.RoleOf(user);
        _canView = _role is DashboardRoles.Viewer or DashboardRoles.Operator or DashboardRoles.Admin;

        // Only a cookie sign-in can be signed out of; Auth:Mode=none has none.
        _canSignOut = user.Identity?.AuthenticationType == Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Marks the page as driven by the circuit (its router now takes navigation), for tests and scripts to wait on.
            _interactive = true;
            StateHasChanged();
        }

        if (firstRender && _themeProvider is not null && Viewer?.DarkMode is null)
        {
            // Nothing chosen in this browser yet: follow the system's preference until the toggle is used.
            var system = await _themeProvider.GetSystemDarkModeAsync();
            if (!_themeToggled)
            {
                // A click on the switch while the browser was being asked wins over the system's preference.
                _isDarkMode = system;
                StateHasChanged();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync();
        if (_refresh is not null)
        {
            await _refresh.DisposeAsync();
        }

        _disposing.Dispose();
    }

    private Task RefreshAsync()
    {
        // Sources register when their hosted service starts, which can be after the first render.
        _source = IngestSources.Primary(Diagnostics);
        StateHasChanged();
        return Task.CompletedTask;
    }

    private async Task SkipToContentAsync() => await _main.FocusAsync();

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleDarkModeAsync()
    {
        _themeToggled = true;
        _isDarkMode = !_isDarkMode;
        await ViewerSettings.RememberAsync(JS, ViewerSettings.ThemeCookie, ViewerSettings.ThemeValue(_isDarkMode), _disposing.Token);
    }
}
