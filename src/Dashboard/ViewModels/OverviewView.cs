using Dashboard.Components.Controls.Cards;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;
using Dashboard.Core.Refusals;
using Dashboard.Live;

namespace Dashboard.ViewModels;

/// <summary>
/// The overview's headline numbers: the live summary, the event source and the ingestion counters,
/// the last hour's refused connects (in memory), and the last hour of disconnect reasons (from memory or, after a restart, from history as on
/// /reasons, through <see cref="ReasonChartSeries"/>). Every read copies them afresh.
/// </summary>
internal sealed class OverviewView(LiveState liveState, IngestDiagnostics diagnostics, IngestChannel channel, IHistoryStore history, RefusalCounter refusals, ILogger logger)
{
    private static readonly TimeRange ReasonWindow = TimeRange.Last(RangePreset.Hour);

    private readonly ReasonChartSeries _reasonChart = new(liveState, history, logger);

    public LiveSummary Summary { get; private set; } = null!;

    public IngestSourceStatus? Source { get; private set; }

    public long Received { get; private set; }

    public long ParseFailures { get; private set; }

    public int Backlog { get; private set; }

    /// <summary>The reason chart's frame: it ends at the end of the current minute.</summary>
    public BucketRange ReasonRange { get; private set; } = null!;

    public IReadOnlyList<ReasonBucket> ReasonBuckets { get; private set; } = [];

    /// <summary>Refused connects in the last hour, from memory (with history on or off).</summary>
    public RefusalSummary Refused { get; private set; } = null!;

    /// <summary>Nothing has ever come in: not even a payload that failed to parse.</summary>
    public bool NoEventsYet => Summary.LastEventAt is null && Received == 0;

    /// <summary>Whether the reason chart may read history, so the page listens for "events stored".</summary>
    public bool ReadsHistory => history.IsEnabled;

    public async Task ReadAsync(LiveTriggers why, CancellationToken cancellationToken)
    {
        Summary = liveState.GetSummary();
        Source = IngestSources.Primary(diagnostics);
        Received = diagnostics.Received;
        ParseFailures = diagnostics.ParseFailures;
        Backlog = channel.Backlog;
        Refused = refusals.LastHour();

        // The axis ends at the end of the current minute (1-minute buckets), so the options (and the
        // chart's frame) change once a minute, not on every one-second refresh; only the bars move in between.
        ReasonRange = ReasonWindow.Buckets(Summary.At);
        ReasonBuckets = await _reasonChart.ReadAsync(ReasonRange, Summary.At, why.HasFlag(LiveTriggers.Stored), cancellationToken);
    }
}
