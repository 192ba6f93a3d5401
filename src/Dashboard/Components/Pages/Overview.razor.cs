using Dashboard.Components.Controls;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;
using Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// The headline numbers. Re-reads the summary on every live change, and every second as well so
/// that the source state, the rates and the relative times move on when no events arrive.
/// </summary>
public sealed partial class Overview
{
    private static readonly TimeRange ReasonRange = TimeRange.Last(RangePreset.Hour);

    private LiveSummary _summary = null!;
    private IngestSourceStatus? _source;
    private long _received;
    private long _parseFailures;
    private int _backlog;
    private IReadOnlyList<ReasonBucket> _reasonBuckets = [];
    private BucketRange _reasonRange = null!;
    private ReasonChartSeries? _reasonChart;

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required IngestDiagnostics Diagnostics { get; init; }

    [Inject]
    public required IngestChannel Channel { get; init; }

    /// <summary>History, or a disabled store when it is off: the reasons chart reads it as /reasons does.</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    [Inject]
    public required ILogger<Overview> Logger { get; init; }

    /// <summary>Nothing has ever come in: not even a payload that failed to parse.</summary>
    private bool NoEventsYet => _summary.LastEventAt is null && _received == 0;

    protected override async Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken)
    {
        _summary = LiveState.GetSummary();
        _source = IngestSources.Primary(Diagnostics);
        _received = Diagnostics.Received;
        _parseFailures = Diagnostics.ParseFailures;
        _backlog = Channel.Backlog;

        // The axis ends at the end of the current minute (1-minute buckets), so the options (and the
        // chart's frame) change once a minute, not on every one-second refresh; only the bars move in between.
        _reasonRange = ReasonRange.Buckets(_summary.At);

        // The last hour of reasons, from memory or, after a restart, from history (as on /reasons).
        _reasonBuckets = await (_reasonChart ??= new(LiveState, History, Logger)).ReadAsync(_reasonRange, _summary.At, cancellationToken);
    }
}
