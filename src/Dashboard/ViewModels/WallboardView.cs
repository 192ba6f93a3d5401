using Dashboard.Components.Controls.Cards;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Components.Pages;
using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;
using Dashboard.Core.Refusals;
using Dashboard.Live;

namespace Dashboard.ViewModels;

/// <summary>
/// The wallboard's headline state: the summary, whether ingestion is healthy (the alarm across
/// the room), which panels show now, the few findings and incidents that fit at TV size, the online
/// trend of the last hour, the last hour's refused connects (in memory), and the reasons over the chosen window (from memory or, after a restart,
/// from history as on /reasons, through <see cref="ReasonChartSeries"/>).
/// Every read copies bounded state, so a board left on for days holds nothing that grows.
/// </summary>
internal sealed class WallboardView(LiveState liveState, IngestDiagnostics diagnostics, ConflictService conflicts, IHistoryStore history, RefusalCounter refusals, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// At most how many findings and incidents the panel lists: more than fit on a full-screen panel
    /// (rows are 6.4vh tall); wallboard.css shows as many of them as fit whole.
    /// </summary>
    public const int TopCount = 12;

    private static readonly TimeRange TrendRange = TimeRange.Last(RangePreset.Hour);

    private readonly ReasonChartSeries _reasonChart = new(liveState, history, logger);
    private int? _onlineHourAgo;
    private int _onlineSampleMinutesAgo;

    /// <summary>When the board opened: the rotation counts from it, and so does staleness before any event.</summary>
    public DateTimeOffset OpenedAt { get; } = time.GetUtcNow();

    /// <summary>The options from the query string (<see cref="WallboardOptions"/>).</summary>
    public WallboardOptions Options { get; set; } = new();

    public LiveSummary Summary { get; private set; } = null!;

    public IngestSourceStatus? Source { get; private set; }

    /// <summary>The newest event seen by live state or by the source.</summary>
    public DateTimeOffset? LastEventAt { get; private set; }

    public IReadOnlyList<Finding> Findings { get; private set; } = [];

    public int FindingCount { get; private set; }

    public IReadOnlyList<Incident> Incidents { get; private set; } = [];

    public int IncidentCount { get; private set; }

    /// <summary>Refused connects in the last hour, from memory (with history on or off).</summary>
    public RefusalSummary Refused { get; private set; } = null!;

    /// <summary>The online count per minute over the last hour; null before the first sample.</summary>
    public IReadOnlyList<double?> OnlineTrend { get; private set; } = [];

    /// <summary>The reason chart's frame: the chosen window, ending at the end of the current bucket.</summary>
    public BucketRange ReasonRange { get; private set; } = null!;

    public IReadOnlyList<ReasonBucket> ReasonBuckets { get; private set; } = [];

    /// <summary>Whether the reason chart may read history, so the page listens for "events stored".</summary>
    public bool ReadsHistory => history.IsEnabled;

    public IReadOnlyList<WallboardPanel> CurrentSet => Options.SetAt(Summary.At - OpenedAt);

    public bool Healthy => SourceConnected && !EventsStale;

    public bool SourceConnected => Source?.State == IngestSourceState.Connected;

    /// <summary>
    /// No event for longer than the threshold. Before the first event the clock starts when the
    /// source connected (or the page opened), so a fresh start is not red at once.
    /// </summary>
    public bool EventsStale => Summary.At - (LastEventAt ?? Source?.StateSince ?? OpenedAt) > Options.Stale;

    public string HealthText => Source is null
        ? "No event source is configured"
        : !SourceConnected
            ? $"MQTT {StateName(Source.State)}"
            : EventsStale
                ? LastEventAt is null
                    ? $"No events for over {(int)Options.Stale.TotalSeconds} s"
                    : $"No events for {DisplayFormat.Relative(LastEventAt, Summary.At).Replace(" ago", string.Empty, StringComparison.Ordinal)}"
                : "Ingestion OK";

    /// <summary>The change since the oldest sample of the hour, labelled with how old that sample is.</summary>
    public string? OnlineChange
    {
        get
        {
            if (_onlineHourAgo is not { } before || _onlineSampleMinutesAgo < 1)
            {
                return null;
            }

            var since = _onlineSampleMinutesAgo >= 59 ? "vs 1 h ago" : $"in {_onlineSampleMinutesAgo} min";
            return (Summary.Online - before) switch
            {
                0 => $"± 0 {since}",
                > 0 and var up => $"▲ {DisplayFormat.Number(up)} {since}",
                var down => $"▼ {DisplayFormat.Number(-down)} {since}",
            };
        }
    }

    /// <summary>Everything the board shows: <see cref="Read"/>, the online trend and the reasons.</summary>
    public async Task ReadAsync(LiveTriggers why, CancellationToken cancellationToken)
    {
        Read();
        var now = Summary.At;
        ReadTrend(now);

        // As on the overview: the axis ends at the end of the current bucket, so the chart's frame
        // changes once a bucket, not on every one-second refresh.
        ReasonRange = TimeRange.Last(Options.Range).Buckets(now);
        ReasonBuckets = await _reasonChart.ReadAsync(ReasonRange, now, why.HasFlag(LiveTriggers.Stored), cancellationToken);
    }

    /// <summary>Copies the summary, the source's state and the active findings and incidents.</summary>
    public void Read()
    {
        Summary = liveState.GetSummary();
        Source = IngestSources.Primary(diagnostics);
        LastEventAt = Latest(Summary.LastEventAt, Source?.LastEventAt);
        Refused = refusals.LastHour();

        // Incidents first (fleet-wide), then the worst loops, at most TopCount rows in all.
        // The counts are of everything active; the rows leave out what an operator acknowledged (unless re-opened).
        var acknowledgements = conflicts.Acknowledgements;
        var incidents = conflicts.GetIncidents(FindingState.Active);
        IncidentCount = incidents.Count;
        Incidents = incidents.Where(acknowledgements.NeedsAttention).OrderByDescending(i => i.LastSeen).Take(TopCount).ToArray();
        var findings = conflicts.GetFindings(FindingState.Active);
        FindingCount = findings.Count;
        Findings = findings.Where(acknowledgements.NeedsAttention).OrderByDescending(f => f.Severity).ThenByDescending(f => f.Count).Take(TopCount - Incidents.Count).ToArray();
    }

    /// <summary>The online count per minute over the last hour, from the samples the reason timeline keeps.</summary>
    private void ReadTrend(DateTimeOffset now)
    {
        // The samples are in memory only (history does not know who was online).
        var range = TrendRange.Buckets(now);
        var buckets = range.Fill(liveState.GetReasonBuckets(range.From, range.To, range.Bucket));
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
            values[^1] = Summary.Online;
        }

        OnlineTrend = values;
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    private static string StateName(IngestSourceState state) => state.ToString().ToLowerInvariant();
}
