using Dashboard.Components.Controls.Charts;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Core.Ranges;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Components.Pages;

/// <summary>
/// One client ID's drill-down: its live status, and over a chosen range its sessions (timeline),
/// a summary (peers, usernames, uptime, disconnects) and its events (<see cref="ClientDetailView"/>).
/// The route is a catch-all because client IDs may contain '/'; links escape the ID whole
/// (<see cref="ClientLinks"/>). The live status follows live changes that name this client; the
/// history is re-read when the store says it has stored this client's events or access failures
/// (refused attempts, failed authentications, denials: the marks, the panel and the table rows).
/// The range and the event filters are the URL's query (<see cref="ClientDetailUrl"/>): a choice
/// navigates, and the page shows whatever its URL says, so a pasted link, back and forward all open the same view.
/// </summary>
public sealed partial class ClientDetail
{
    private ClientDetailView _view = null!;

    /// <summary>The client as the Kick action takes it: one ID, made once per client so the action keeps its outcome.</summary>
    private string[] _kickTarget = [];
    private DateTimeOffset _from;
    private DateTimeOffset _to;
    private ClientDetailState _shown = ClientDetailState.Default;

    /// <summary>The route's value. The page reads the ID from the URL itself (<see cref="ClientLinks.ClientIdFromUri"/>).</summary>
    [Parameter]
    public string? ClientId { get; set; }

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required ILogger<ClientDetail> Logger { get; init; }

    /// <summary>History, or a disabled store when it is off (<c>History:Provider none</c>).</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = ClientDetailUrl.KindName)]
    public string? KindParameter { get; set; }

    [SupplyParameterFromQuery(Name = ClientDetailUrl.ReasonName)]
    public string? ReasonParameter { get; set; }

    [Inject]
    public required Core.Maintenance.IMaintenanceCalendar Maintenance { get; init; }

    [Inject]
    public required Core.Groups.IDeviceGroups Groups { get; init; }

    /// <summary>The viewer's time zone, for the refused marks' texts on the timeline.</summary>
    [CascadingParameter]
    public ViewerSettings? Viewer { get; set; }

    /// <summary>Set only while prerendering on the server: its raw request target is the URL as the browser sent it.</summary>
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    protected override bool ReadsHistory => History.IsEnabled;

    protected override bool ReadsRefused => History.IsEnabled;

    private bool HistoryOn => _view.HistoryOn;

    protected override void OnInitialized()
    {
        _view = new ClientDetailView(LiveState, History, Time, Logger)
        {
            // The windows of the range that cover this client, by its ID and (for a group) its last known username and address.
            MaintenanceFor = (from, until) => [.. Maintenance.Overlapping(from, until)
                .Where(w => w.Covers(_view.ClientId, _view.Live?.Username, _view.Live?.PeerIp, Groups.Current))],
        };
        (_from, _to) = _shown.Range.At(_view.Now);
        base.OnInitialized();
    }

    protected override async Task OnParametersSetAsync()
    {
        var clientId = ClientIdFromPrerenderRequest()
            ?? ClientLinks.ClientIdFromUri(Navigation.Uri, Navigation.BaseUri)
            ?? ClientId
            ?? string.Empty;
        _view.SetZone(ViewerSettings.ZoneOf(Viewer));
        var state = ClientDetailUrl.Read(RangeParameter, FromParameter, ToParameter, KindParameter, ReasonParameter, _view.Now);
        var rangeChanged = state.Range != _shown.Range;
        _shown = state;
        if (rangeChanged)
        {
            ShowRange(state.Range);
        }

        // Another client or range reads again; other filters only filter the events read.
        if (_view.Show(clientId) | rangeChanged)
        {
            _kickTarget = clientId.Length == 0 ? [] : [clientId];
            await ReloadAsync();
        }
    }

    protected override bool Concerns(LiveChange change) => _view.Concerns(change);

    protected override async Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken)
    {
        if ((why & (LiveTriggers.Reload | LiveTriggers.Stored)) != 0)
        {
            await ReadRangeAsync(cancellationToken);
            return;
        }

        if (why.HasFlag(LiveTriggers.Change))
        {
            _view.ReadLive();
        }
        else
        {
            _view.Tick();
        }

        if (why.HasFlag(LiveTriggers.Tick) && _view.SlideDue(_shown.Range.IsFixed))
        {
            await ReadRangeAsync(cancellationToken);
        }
    }

    private string? ClientIdFromPrerenderRequest() =>
        HttpContext?.Features.Get<IHttpRequestFeature>()?.RawTarget is { } rawTarget
            ? ClientLinks.ClientIdFromRawTarget(rawTarget, HttpContext.Request.PathBase.ToUriComponent())
            : null;

    /// <summary>Reads live state and the history of the URL's range.</summary>
    private async Task ReadRangeAsync(CancellationToken cancellationToken)
    {
        _view.BeginLoad();
        (_from, _to) = _shown.Range.At(_view.Now);
        await _view.LoadHistoryAsync(_from, _to, cancellationToken);
    }

    /// <summary>Shows <paramref name="state"/> by navigating to its URL: a new history entry, so back undoes it.</summary>
    private void Go(ClientDetailState state)
    {
        if (state != _shown)
        {
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(ClientDetailUrl.Parameters(state)));
        }
    }

    private string Export(string format) => ClientLinks.Export(_view.ClientId, _from, _to, format);
}
