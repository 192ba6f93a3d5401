using Dashboard.Components.Controls.Cards;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Core.Reasons;
using Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// The headline numbers for a TV across the room: read-only, its own layout, everything sized in
/// viewport units. Options come from the query string (<see cref="WallboardOptions"/>). It runs
/// unattended for days, so it keeps nothing that grows: every refresh (live notification, or the
/// one-second timer that also drives rotation and the staleness alarm) re-reads bounded copies.
/// </summary>
public sealed partial class Wallboard
{
    /// <summary>How many findings and incidents fit on the panel at TV size.</summary>
    public const int TopCount = 5;

    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TrendSpan = TimeSpan.FromHours(1);
    private static readonly TimeSpan TrendBucket = TimeSpan.FromMinutes(1);

    private LiveRefresh? _refresh;
    private WallboardOptions _options = new();
    private DateTimeOffset _openedAt;
    private LiveSummary _summary = null!;
    private IngestSourceStatus? _source;
    private DateTimeOffset? _lastEventAt;
    private IReadOnlyList<double?> _onlineTrend = [];
    private int? _onlineHourAgo;
    private int _onlineSampleMinutesAgo;
    private IReadOnlyList<ReasonBucket> _reasonBuckets = [];
    private DateTimeOffset _reasonsFrom;
    private DateTimeOffset _reasonsTo;
    private TimeSpan _reasonBucket = TimeSpan.FromMinutes(1);
    private IReadOnlyList<Finding> _findings = [];
    private int _findingCount;
    private List<Incident> _incidents = [];
    private int _incidentCount;

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required ChangeNotifier Notifier { get; init; }

    [Inject]
    public required IngestDiagnostics Diagnostics { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    internal ConflictService ConflictService { get; init; } = null!;

    [CascadingParameter]
    public ViewerSettings? Viewer { get; set; }

    [SupplyParameterFromQuery(Name = "theme")]
    public string? Theme { get; set; }

    [SupplyParameterFromQuery(Name = "panels")]
    public string? Panels { get; set; }

    [SupplyParameterFromQuery(Name = "sets")]
    public string? Sets { get; set; }

    [SupplyParameterFromQuery(Name = "rotate")]
    public string? Rotate { get; set; }

    [SupplyParameterFromQuery(Name = "window")]
    public string? Window { get; set; }

    [SupplyParameterFromQuery(Name = "stale")]
    public string? Stale { get; set; }

    private TimeZoneInfo Zone => ViewerSettings.ZoneOf(Viewer);

    private IReadOnlyList<WallboardPanel> CurrentSet => _options.SetAt(_summary.At - _openedAt);

    private bool Healthy => SourceConnected && !EventsStale;

    private bool SourceConnected => _source?.State == IngestSourceState.Connected;

    /// <summary>
    /// No event for longer than the threshold. Before the first event the clock starts when the
    /// source connected (or the page opened), so a fresh start is not red at once.
    /// </summary>
    private bool EventsStale => _summary.At - (_lastEventAt ?? _source?.StateSince ?? _openedAt) > _options.Stale;

    private string HealthText => _source is null
        ? "No event source is configured"
        : !SourceConnected
            ? $"MQTT {StateName(_source.State)}"
            : EventsStale
                ? _lastEventAt is null
                    ? $"No events for over {(int)_options.Stale.TotalSeconds} s"
                    : $"No events for {DisplayFormat.Relative(_lastEventAt, _summary.At).Replace(" ago", string.Empty, StringComparison.Ordinal)}"
                : "Ingestion OK";

    /// <summary>The change since the oldest sample of the hour, labelled with how old that sample is.</summary>
    private string? OnlineChange
    {
        get
        {
            if (_onlineHourAgo is not { } before || _onlineSampleMinutesAgo < 1)
            {
                return null;
            }

            var since = _onlineSampleMinutesAgo >= 59 ? "vs 1 h ago" : $"in {_onlineSampleMinutesAgo} min";
            return (_summary.Online - before) switch
            {
                0 => $"± 0 {since}",
                > 0 and var up => $"▲ {DisplayFormat.Number(up)} {since}",
                var down => $"▼ {DisplayFormat.Number(-down)} {since}",
            };
        }
    }

    protected override void OnInitialized()
    {
        // The first read is in OnParametersSet, which follows at once and has the options.
        _openedAt = Time.GetUtcNow();
        _refresh = new LiveRefresh(Notifier, Time, RefreshPeriod, InvokeAsync, RefreshAsync, DispatchExceptionAsync);
    }

    protected override void OnParametersSet()
    {
        _options = WallboardOptions.Parse(Theme, Panels, Sets, Rotate, Window, Stale);
        ReadState();
    }

    public async ValueTask DisposeAsync()
    {
        if (_refresh is not null)
        {
            await _refresh.DisposeAsync();
        }
    }

    private Task RefreshAsync()
    {
        ReadState();
        StateHasChanged();
        return Task.CompletedTask;
    }

    private void ReadState()
    {
        _summary = LiveState.GetSummary();
        var now = _summary.At;
        _source = IngestSources.Primary(Diagnostics);
        _lastEventAt = Latest(_summary.LastEventAt, _source?.LastEventAt);

        ReadTrend(now);
        ReadReasons(now);

        // Incidents first (fleet-wide), then the worst loops, TopCount rows in all: what fits at TV size.
        var incidents = ConflictService.GetIncidents(FindingState.Active);
        _incidentCount = incidents.Count;
        _incidents = incidents.OrderByDescending(i => i.LastSeen).Take(TopCount).ToList();
        var findings = ConflictService.GetFindings(FindingState.Active);
        _findingCount = findings.Count;
        _findings = findings.OrderByDescending(f => f.Severity).ThenByDescending(f => f.Count).Take(TopCount - _incidents.Count).ToArray();
    }

    /// <summary>The online count per minute over the last hour, from the samples the reason timeline keeps.</summary>
    private void ReadTrend(DateTimeOffset now)
    {
        var to = ReasonSeries.AlignStart(now, TrendBucket) + TrendBucket;
        var from = to - TrendSpan;
        var buckets = ReasonSeries.Fill(from, to, TrendBucket, LiveState.GetReasonBuckets(from, to, TrendBucket));
        var values = new double?[buckets.Count];
        int? last = null;
        _onlineHourAgo = null;
        for (var i = 0; i < buckets.Count; i++)
        {
            // A minute without events has no sample: the count then was the one before it.
            last = buckets[i].Online ?? last;
            values[i] = last;
            if (_onlineHourAgo is null && last is not null)
            {
                (_onlineHourAgo, _onlineSampleMinutesAgo) = (last, buckets.Count - 1 - i);
            }
        }

        if (values.Length > 0)
        {
            values[^1] = _summary.Online;
        }

        _onlineTrend = values;
    }

    private void ReadReasons(DateTimeOffset now)
    {
        _reasonBucket = ReasonSeries.DefaultBucket(_options.Window);

        // As on the overview: the axis ends at the end of the current bucket, so the chart's frame
        // changes once a bucket, not on every one-second refresh.
        _reasonsTo = ReasonSeries.AlignStart(now, _reasonBucket) + _reasonBucket;
        _reasonsFrom = _reasonsTo - _options.Window;
        _reasonBuckets = ReasonSeries.Fill(_reasonsFrom, _reasonsTo, _reasonBucket, LiveState.GetReasonBuckets(_reasonsFrom, _reasonsTo, _reasonBucket));
    }

    /// <summary>
    /// ApexCharts takes a height in pixels: sized for a 1080p screen (one row of panels or two),
    /// and wallboard.css zooms the chart on taller screens so a 4K TV shows the same picture.
    /// </summary>
    private static int ChartHeight(int panelsInSet) => panelsInSet <= 2 ? 640 : 300;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    private static string StateName(IngestSourceState state) => state.ToString().ToLowerInvariant();

    private static string IncidentTitle(Incident incident) => incident.Kind switch
    {
        IncidentKind.MassDisconnect => "Mass disconnect",
        IncidentKind.AuthFailureBurst => "Auth failures",
        _ => incident.Kind.ToString(),
    };

    private static string PanelTitle(WallboardPanel panel) => panel switch
    {
        WallboardPanel.Online => "Online now",
        WallboardPanel.Rates => "Connects · disconnects per minute",
        WallboardPanel.Reasons => "Disconnect reasons",
        WallboardPanel.Conflicts => "Conflict loops and incidents",
        _ => "Ingestion",
    };
}
