using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;
using Dashboard.History;

namespace Dashboard.Live;

/// <summary>
/// The reason series behind one live chart (overview, wallboard), read through <see cref="ReasonSeries"/>
/// as /reasons reads it, for a page that refreshes every second. After a restart memory has only the time
/// since start-up: that part still comes from memory, at once, and the part before from history, which
/// is the past, so it is kept until the frame moves or the store says it has accepted new events (events
/// the broker queued while the dashboard was down arrive late, with their own older times). Under load
/// that signal comes every notifier interval, so the past is re-read at most every <see cref="HistoryReread"/>,
/// and a signal that comes sooner is kept for the first read after it. When history cannot answer, the
/// chart shows what memory has rather than nothing, and the read is retried at that same pace. One instance per page.
/// </summary>
public sealed class ReasonChartSeries(LiveState live, IHistoryStore store, ILogger logger)
{
    /// <summary>The least time between two history reads of the same past: the bound on database load from one open page.</summary>
    public static readonly TimeSpan HistoryReread = TimeSpan.FromSeconds(5);

    private (BucketRange Range, DateTimeOffset ReadAt, IReadOnlyList<ReasonBucket> Buckets, bool Failed)? _past;

    // The store accepted events since the past was last read: it may hold some of them.
    private bool _stored;

    /// <summary>Every bucket of <paramref name="range"/>, oldest first.</summary>
    /// <param name="stored">Whether the store said it accepted new events since the previous call.</param>
    public async Task<IReadOnlyList<ReasonBucket>> ReadAsync(BucketRange range, DateTimeOffset now, bool stored, CancellationToken cancellationToken)
    {
        _stored |= stored;
        var (past, recent) = range.SplitAt(live.ReasonsCompleteSince);
        if (past is null || !store.IsEnabled)
        {
            // Memory saw all of it, or is all there is: ReasonSeries reads memory then.
            _past = null;
            return (await ReasonSeries.GetAsync(live, store, range, cancellationToken))?.Buckets ?? Memory(range);
        }

        if (_past is not { } cached || cached.Range != past || ((_stored || cached.Failed) && now - cached.ReadAt >= HistoryReread))
        {
            // Cleared before the read: a signal that comes during it is for the next one. A cancelled read keeps it.
            var wasStored = _stored;
            _stored = false;
            try
            {
                var (buckets, failed) = await ReadPastAsync(past, cancellationToken);
                cached = (past, now, buckets, failed);
                _past = cached;
            }
            catch (OperationCanceledException)
            {
                _stored |= wasStored;
                throw;
            }
        }

        // From the cut on, memory saw everything (what ReasonSeries itself reads for such a range).
        return recent is null ? cached.Buckets : [.. cached.Buckets, .. Memory(recent)];
    }

    private async Task<(IReadOnlyList<ReasonBucket> Buckets, bool Failed)> ReadPastAsync(BucketRange past, CancellationToken cancellationToken)
    {
        try
        {
            return ((await ReasonSeries.GetAsync(live, store, past, cancellationToken))?.Buckets ?? Memory(past), false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Logged with a reference as every history read is; the chart shows memory only, so the message is not shown.
            _ = HistoryReadError.Report(logger, store, ex);
            return (Memory(past), true);
        }
    }

    private IReadOnlyList<ReasonBucket> Memory(BucketRange range) => range.Fill(live.GetReasonBuckets(range.From, range.To, range.Bucket));
}
