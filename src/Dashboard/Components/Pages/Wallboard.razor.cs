using Dashboard.Components.Controls;
using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;
using Dashboard.Live;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// The headline numbers for a TV across the room: read-only, its own layout, everything sized in
/// viewport units. Options come from the query string (<see cref="WallboardOptions"/>). It runs
/// unattended for days, so it keeps nothing that grows: every refresh (live notification, or the
/// one-second tick of <see cref="LivePage"/> that also drives rotation and the staleness alarm)
/// re-reads bounded copies.
/// </summary>
public sealed partial class Wallboard
{
    private static readonly TimeRange TrendRange = TimeRange.Last(RangePreset.Hour);

    private WallboardView _view = null!;
    private IReadOnlyList<double?> _onlineTrend = [];
    private int? _onlineHourAgo;
    private int _onlineSampleMinutesAgo;
    private IReadOnlyList<ReasonBucket> _reasonBuckets = [];
    private BucketRange _reasonRange = null!;
    private ReasonChartSeries? _reasonChart;

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required IngestDiagnostics Diagnostics { get; init; }

    [Inject]
    internal ConflictService ConflictService { get; init; } = null!;

    /// <summary>History, or a disabled store when it is off: the reasons chart reads it as /reasons does.</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    [Inject]
    public required ILogger<Wallboard> Logger { get; init; }

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
            return (_view.Summary.Online - before) switch
            {
                0 => $"± 0 {since}",
                > 0 and var up => $"▲ {DisplayFormat.Number(up)} {since}",
                var down => $"▼ {DisplayFormat.Number(-down)} {since}",
            };
        }
    }

    protected override void OnInitialized()
    {
        _view = new WallboardView(LiveState, Diagnostics, ConflictService, Time);
        base.OnInitialized();
    }

    /// <summary>The options, before the read that follows at once (<see cref="LivePage"/>) uses them.</summary>
    protected override void OnParametersSet()
    {
        _view.Options = WallboardOptions.Parse(Theme, Panels, Sets, Rotate, Window, Stale);
    }

    protected override async Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken)
    {
        _view.Read();
        var now = _view.Summary.At;
        ReadTrend(now);

        // As on the overview: the axis ends at the end of the current bucket, so the chart's frame
        // changes once a bucket, not on every one-second refresh.
        _reasonRange = TimeRange.Last(_view.Options.Range).Buckets(now);
        await ReadReasonsAsync(now, cancellationToken);
    }

    /// <summary>The online count per minute over the last hour, from the samples the reason timeline keeps.</summary>
    private void ReadTrend(DateTimeOffset now)
    {
        // The samples are in memory only (history does not know who was online).
        var range = TrendRange.Buckets(now);
        var buckets = range.Fill(LiveState.GetReasonBuckets(range.From, range.To, range.Bucket));
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
            values[^1] = _view.Summary.Online;
        }

        _onlineTrend = values;
    }

    /// <summary>The reasons over the chosen window, from memory or, after a restart, from history (as on /reasons).</summary>
    private async Task ReadReasonsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _reasonBuckets = await (_reasonChart ??= new(LiveState, History, Logger)).ReadAsync(_reasonRange, now, cancellationToken);

    /// <summary>
    /// ApexCharts takes a height in pixels: sized for a 1080p screen (one row of panels or two),
    /// and wallboard.css zooms the chart on taller screens so a 4K TV shows the same picture.
    /// </summary>
    private static int ChartHeight(int panelsInSet) => panelsInSet <= 2 ? 640 : 300;

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
