using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;

namespace Dashboard.Live;

/// <summary>
/// The reason series behind one live chart (overview, wallboard), read through <see cref="ReasonSeries"/>
/// as /reasons reads it, for a page that refreshes every second. After a restart memory has only the time
/// since start-up: that part still comes from memory, at once, and the part before from history, which
/// is the past, so it is re-read only when the frame moves or <see cref="HistoryRefresh"/> has passed
/// (events the broker queued while the dashboard was down may still be arriving). When history cannot
/// answer, the chart shows what memory has rather than nothing. One instance per page.
/// </summary>
public sealed class ReasonChartSeries(LiveState live, IHistoryStore store, ILogger logger)
{
    public static readonly TimeSpan HistoryRefresh = TimeSpan.FromSeconds(5);

    private (BucketRange Range, DateTimeOffset ReadAt, IReadOnlyList<ReasonBucket> Buckets)? _past;

    /// <summary>Every bucket of <paramref name="range"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ReasonBucket>> ReadAsync(BucketRange range, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (past, recent) = range.SplitAt(live.ReasonsCompleteSince);
        if (past is null || !store.IsEnabled)
        {
            // Memory saw all of it, or is all there is: ReasonSeries reads memory then.
            _past = null;
            return (await ReasonSeries.GetAsync(live, store, range, cancellationToken))?.Buckets ?? Memory(range);
        }

        if (_past is not { } cached || cached.Range != past || now - cached.ReadAt >= HistoryRefresh)
        {
            // A failed read is kept as long as a good one, so a database outage is retried (and logged) every few seconds, not every refresh.
            cached = (past, now, await ReadPastAsync(past, cancellationToken));
            _past = cached;
        }

        // From the cut on, memory saw everything (what ReasonSeries itself reads for such a range).
        return recent is null ? cached.Buckets : [.. cached.Buckets, .. Memory(recent)];
    }

    private async Task<IReadOnlyList<ReasonBucket>> ReadPastAsync(BucketRange past, CancellationToken cancellationToken)
    {
        try
        {
            return (await ReasonSeries.GetAsync(live, store, past, cancellationToken))?.Buckets ?? Memory(past);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Reading disconnect reasons from history ({Provider}) failed; the chart shows memory only", store.Provider);
            return Memory(past);
        }
    }

    private IReadOnlyList<ReasonBucket> Memory(BucketRange range) => range.Fill(live.GetReasonBuckets(range.From, range.To, range.Bucket));
}
