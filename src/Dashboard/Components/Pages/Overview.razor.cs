using Dashboard.Components.Controls.Cards;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
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
    private static readonly TimeSpan ReasonSpan = TimeSpan.FromHours(1);
    private static readonly TimeSpan ReasonBucketSize = TimeSpan.FromMinutes(1);

    private LiveSummary _summary = null!;
    private IngestSourceStatus? _source;
    private long _received;
    private long _parseFailures;
    private int _backlog;
    private IReadOnlyList<ReasonBucket> _reasonBuckets = [];
    private DateTimeOffset _reasonsFrom;
    private DateTimeOffset _reasonsTo;

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required IngestDiagnostics Diagnostics { get; init; }

    [Inject]
    public required IngestChannel Channel { get; init; }

    /// <summary>Nothing has ever come in: not even a payload that failed to parse.</summary>
    private bool NoEventsYet => _summary.LastEventAt is null && _received == 0;

    protected override void ReadState()
    {
        _summary = LiveState.GetSummary();
        _source = IngestSources.Primary(Diagnostics);
        _received = Diagnostics.Received;
        _parseFailures = Diagnostics.ParseFailures;
        _backlog = Channel.Backlog;

        // The axis ends at the end of the current minute, so the options (and the chart's frame)
        // change once a minute, not on every one-second refresh; only the bars move in between.
        var now = _summary.At;
        _reasonsTo = ReasonSeries.AlignStart(now, ReasonBucketSize) + ReasonBucketSize;
        _reasonsFrom = _reasonsTo - ReasonSpan;
        _reasonBuckets = ReasonSeries.Fill(_reasonsFrom, _reasonsTo, ReasonBucketSize, LiveState.GetReasonBuckets(_reasonsFrom, _reasonsTo, ReasonBucketSize));
    }
}
