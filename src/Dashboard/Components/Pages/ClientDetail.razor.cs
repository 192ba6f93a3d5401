using Dashboard.Components.Controls.Charts;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.History;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Components.Pages;

/// <summary>
/// One client ID's drill-down: its live status, and over a chosen range its sessions (timeline),
/// a summary (peers, usernames, uptime, disconnects) and its events. The route is a catch-all
/// because client IDs may contain '/'; links escape the ID whole (<see cref="ClientLinks"/>).
/// It reloads when a live change names this client, and once more a moment later, because the
/// pipeline notifies before the batch is in the history store.
/// </summary>
public sealed partial class ClientDetail : IAsyncDisposable
{
    /// <summary>The most events one load reads; past it the oldest of the range are left out, and the page says so.</summary>
    internal const int EventLimit = 5000;

    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);

    /// <summary>How often a range that ends now moves on with the clock while nothing happens to this client.</summary>
    private static readonly TimeSpan SlidePeriod = TimeSpan.FromSeconds(30);

    /// <summary>The second load after a live change: by then the pipeline has written the batch to history.</summary>
    internal static readonly TimeSpan CatchUpDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _disposing = new();
    private LiveRefresh? _liveChanges;
    private LiveRefresh? _ticks;
    private CancellationTokenSource? _loadCancel;
    private CancellationTokenSource? _catchUpCancel;
    private string _clientId = string.Empty;
    private ClientSnapshot? _live;
    private IReadOnlyList<StoredEvent> _events = [];
    private IReadOnlyList<ClientSession> _sessions = [];
    private ClientHistorySummary? _summary;
    private object? _chartOptions;
    private IReadOnlyList<SessionTimelineChart.Series> _chartSeries = [];
    private int _chartHeight = SessionTimelineChart.HeightFor(1);
    private DateTimeOffset _now;
    private DateTimeOffset _from;
    private DateTimeOffset _to;
    private DateTimeOffset _loadedAt;
    private string? _loadError;
    private bool _loading;
    private bool _disposed;

    /// <summary>The route's value. The page reads the ID from the URL itself (<see cref="ClientLinks.ClientIdFromUri"/>).</summary>
    [Parameter]
    public string? ClientId { get; set; }

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required ChangeNotifier Notifier { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required ILogger<ClientDetail> Logger { get; init; }

    /// <summary>History, or a disabled store when it is off (<c>History:Provider none</c>).</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    /// <summary>Set only while prerendering on the server: its raw request target is the URL as the browser sent it.</summary>
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    private bool HistoryOn => History.IsEnabled;

    private bool Truncated => _events.Count >= EventLimit;

    protected override void OnInitialized()
    {
        _now = Time.GetUtcNow();
        (_from, _to) = (_now - SpanOf(_preset), _now);
        _liveChanges = new LiveRefresh(Notifier, Time, null, InvokeAsync, OnLiveChangeAsync, DispatchExceptionAsync, Concerns);
        _ticks = new LiveRefresh(null, Time, TickPeriod, InvokeAsync, TickAsync, DispatchExceptionAsync);
    }

    protected override async Task OnParametersSetAsync()
    {
        var clientId = ClientIdFromPrerenderRequest()
            ?? ClientLinks.ClientIdFromUri(Navigation.Uri, Navigation.BaseUri)
            ?? ClientId
            ?? string.Empty;
        if (clientId == _clientId && _loadedAt != default)
        {
            return;
        }

        _clientId = clientId;
        await LoadAsync();
    }

    private string? ClientIdFromPrerenderRequest() =>
        HttpContext?.Features.Get<IHttpRequestFeature>()?.RawTarget is { } rawTarget
            ? ClientLinks.ClientIdFromRawTarget(rawTarget, HttpContext.Request.PathBase.ToUriComponent())
            : null;

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _disposing.CancelAsync();
        _loadCancel?.Cancel();
        _catchUpCancel?.Cancel();
        if (_liveChanges is not null)
        {
            await _liveChanges.DisposeAsync();
        }

        if (_ticks is not null)
        {
            await _ticks.DisposeAsync();
        }
    }

    /// <summary>A change concerns this page when it names this client, or was too large to name everyone.</summary>
    private bool Concerns(LiveChange change) =>
        change.Truncated || change.ChangedClientIds.Contains(_clientId, StringComparer.Ordinal);

    /// <summary>Reads live state and the history of the range, then rebuilds the timeline, summary and chart.</summary>
    private async Task LoadAsync()
    {
        _now = Time.GetUtcNow();
        _loadedAt = _now;
        _live = _clientId.Length == 0 ? null : LiveState.GetClient(_clientId);
        if (ResolveRange(_now) is not { } range)
        {
            return;
        }

        (_from, _to) = range;
        if (!HistoryOn || _clientId.Length == 0)
        {
            SetHistory([]);
            return;
        }

        _loadCancel?.Cancel();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token);
        _loadCancel = cancel;
        _loading = true;
        try
        {
            var events = await History.GetClientEventsAsync(_clientId, _from, _to, EventLimit, cancel.Token);
            cancel.Token.ThrowIfCancellationRequested();
            _loadError = null;
            SetHistory(events);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // A newer load (another range, a live change) or the page's end superseded this one.
        }
        catch (Exception ex)
        {
            // The store is down (a database restarting): say so, keep what was shown, try again on the next change.
            _loadError = HistoryReadError.Report(Logger, History, ex);
        }
        finally
        {
            if (ReferenceEquals(_loadCancel, cancel))
            {
                _loadCancel = null;
                _loading = false;
            }
        }
    }

    private void SetHistory(IReadOnlyList<StoredEvent> events)
    {
        _events = events;
        _sessions = SessionTimeline.Build(events, _from, _to, _now);
        _summary = ClientHistorySummary.Build(_sessions, events, _from, _to, _now);
        var until = _to < _now ? _to : _now;
        _chartOptions = SessionTimelineChart.OptionsFor(_from, until > _from ? until : _to, _sessions);
        _chartSeries = SessionTimelineChart.SeriesOf(_sessions);
        _chartHeight = SessionTimelineChart.HeightFor(SessionTimelineChart.RowsOf(_sessions).Count);
    }

    private async Task OnLiveChangeAsync()
    {
        await ReloadAsync();
        ScheduleCatchUp();
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private void ScheduleCatchUp()
    {
        if (!HistoryOn || _disposed)
        {
            return;
        }

        _catchUpCancel?.Cancel();
        _catchUpCancel?.Dispose();
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token);
        _catchUpCancel = cancel;
        _ = CatchUpAsync(cancel.Token);
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(CatchUpDelay, Time, cancellationToken);
            await InvokeAsync(ReloadAsync);
        }
        catch (OperationCanceledException)
        {
            // Another change rescheduled it, or the page went away.
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed while waiting.
        }
    }

    private async Task TickAsync()
    {
        _now = Time.GetUtcNow();
        if (_preset != RangePreset.Custom && HistoryOn && _now - _loadedAt >= SlidePeriod && !_loading)
        {
            await LoadAsync();
        }

        StateHasChanged();
    }

    private string Export(string format) => ClientLinks.Export(_clientId, _from, _to, format);
}
