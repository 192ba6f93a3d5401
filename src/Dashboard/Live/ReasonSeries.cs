using System.Globalization;
using System.Xml;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;

namespace Dashboard.Live;

/// <summary>Where a reason series came from.</summary>
public enum ReasonSeriesSource
{
    /// <summary>The in-memory timeline: the range is inside its window (the last 25 hours) and since start-up.</summary>
    Live,

    /// <summary>The history store, counted in the database.</summary>
    History,
}

/// <summary>A reason series, every bucket of the range present (empty ones too), oldest first.</summary>
public sealed record ReasonSeriesResult(DateTimeOffset From, DateTimeOffset To, TimeSpan Bucket, ReasonSeriesSource Source, IReadOnlyList<ReasonBucket> Buckets);

/// <summary>
/// Disconnect reasons over time for the REST API and the pages: reads a range's buckets
/// (<see cref="BucketRange"/>) from memory when it can, from history otherwise.
/// </summary>
public static class ReasonSeries
{
    /// <summary>More bars than this are unreadable and slow to draw; a larger bucket is asked for instead.</summary>
    public const int MaxBuckets = 500;

    /// <summary>Reads a bucket size: seconds ("300"), a number with a unit ("30s", "5m", "1h", "1d"), or ISO 8601 ("PT5M").</summary>
    public static bool TryParseBucket(string text, out TimeSpan bucket)
    {
        bucket = TimeSpan.Zero;
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= (long)TimeSpan.FromDays(3650).TotalSeconds)
        {
            bucket = TimeSpan.FromSeconds(seconds);
        }
        else if (text.Length > 1 && char.IsAsciiLetterLower(text[^1]) && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100_000)
        {
            bucket = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => TimeSpan.Zero,
            };
        }
        else if (text.StartsWith('P'))
        {
            try
            {
                bucket = XmlConvert.ToTimeSpan(text);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException)
            {
                return false;
            }
        }

        // Whole seconds only: the stores count milliseconds, and sub-second bars mean nothing here.
        // At most ten years, whichever way it was written, so that no range arithmetic can overflow.
        return bucket >= TimeSpan.FromSeconds(1) && bucket <= TimeSpan.FromDays(3650) && bucket.Ticks % TimeSpan.TicksPerSecond == 0;
    }

    /// <summary>
    /// Whether memory answers: the bucket is whole minutes and the range starts inside the timeline,
    /// after this instance started (so a restart does not show an empty past when history has it);
    /// without history, memory answers for its whole window, as it is all there is.
    /// </summary>
    public static bool InMemory(LiveState live, IHistoryStore store, DateTimeOffset alignedFrom, TimeSpan bucket) =>
        bucket.Ticks % ReasonTimeline.Resolution.Ticks == 0
        && alignedFrom >= (!store.IsEnabled ? live.ReasonWindowStart : live.ReasonsCompleteSince);

    /// <summary>
    /// The series for <paramref name="range"/>, or null when it needs history and there is none.
    /// The caller checks the bucket count first (<see cref="MaxBuckets"/>).
    /// </summary>
    public static async Task<ReasonSeriesResult?> GetAsync(LiveState live, IHistoryStore store, BucketRange range, CancellationToken cancellationToken)
    {
        var (from, to, bucket) = (range.From, range.To, range.Bucket);
        if (InMemory(live, store, from, bucket))
        {
            return new ReasonSeriesResult(from, to, bucket, ReasonSeriesSource.Live, range.Fill(live.GetReasonBuckets(from, to, bucket)));
        }

        if (!store.IsEnabled)
        {
            return null;
        }

        var buckets = await store.GetReasonBucketsAsync(from, to, bucket, cancellationToken);
        return new ReasonSeriesResult(from, to, bucket, ReasonSeriesSource.History, range.Fill(buckets));
    }
}
