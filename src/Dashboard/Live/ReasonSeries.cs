using System.Globalization;
using System.Xml;
using Dashboard.Core.History;
using Dashboard.Core.Live;
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
/// Disconnect reasons over time for the REST API and the pages: picks a bucket size for a range,
/// aligns the range to it, and reads from memory when it can, from history otherwise.
/// </summary>
public static class ReasonSeries
{
    /// <summary>More bars than this are unreadable and slow to draw; a larger bucket is asked for instead.</summary>
    public const int MaxBuckets = 500;

    /// <summary>
    /// The bucket for a range: 1 minute up to an hour, 5 up to 6 hours, 15 up to a day, 2 hours up
    /// to a week, and beyond that whole hours keeping about 200 buckets.
    /// </summary>
    public static TimeSpan DefaultBucket(TimeSpan span) => span switch
    {
        _ when span <= TimeSpan.FromHours(1) => TimeSpan.FromMinutes(1),
        _ when span <= TimeSpan.FromHours(6) => TimeSpan.FromMinutes(5),
        _ when span <= TimeSpan.FromDays(1) => TimeSpan.FromMinutes(15),
        _ when span <= TimeSpan.FromDays(7) => TimeSpan.FromHours(2),
        _ => TimeSpan.FromHours(Math.Ceiling(span.TotalHours / 200)),
    };

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
    /// The start of the range moved back to a multiple of the bucket (from the Unix epoch), so that
    /// a live chart's bars stay put as time moves on instead of shifting every second.
    /// </summary>
    public static DateTimeOffset AlignStart(DateTimeOffset from, TimeSpan bucket)
    {
        var ms = from.ToUnixTimeMilliseconds();
        var bucketMs = (long)bucket.TotalMilliseconds;
        var rem = ((ms % bucketMs) + bucketMs) % bucketMs;
        return DateTimeOffset.FromUnixTimeMilliseconds(ms - rem);
    }

    /// <summary>How many buckets [from, to) takes.</summary>
    public static long BucketCount(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket) =>
        (long)Math.Ceiling((to - from).Ticks / (double)bucket.Ticks);

    /// <summary>
    /// Whether memory answers: the bucket is whole minutes and the range starts inside the timeline,
    /// after this instance started (so a restart does not show an empty past when history has it);
    /// without history, memory answers for its whole window, as it is all there is.
    /// </summary>
    public static bool InMemory(LiveState live, IHistoryStore store, DateTimeOffset alignedFrom, TimeSpan bucket) =>
        bucket.Ticks % ReasonTimeline.Resolution.Ticks == 0
        && alignedFrom >= (!store.IsEnabled ? live.ReasonWindowStart : live.ReasonsCompleteSince);

    /// <summary>
    /// The series for [from, to) (from aligned with <see cref="AlignStart"/>), or null when it needs
    /// history and there is none. The caller checks the bucket count first.
    /// </summary>
    public static async Task<ReasonSeriesResult?> GetAsync(
        LiveState live, IHistoryStore store, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken cancellationToken)
    {
        from = AlignStart(from, bucket);
        if (InMemory(live, store, from, bucket))
        {
            return new ReasonSeriesResult(from, to, bucket, ReasonSeriesSource.Live, Fill(from, to, bucket, live.GetReasonBuckets(from, to, bucket)));
        }

        if (!store.IsEnabled)
        {
            return null;
        }

        var buckets = await store.GetReasonBucketsAsync(from, to, bucket, cancellationToken);
        return new ReasonSeriesResult(from, to, bucket, ReasonSeriesSource.History, Fill(from, to, bucket, buckets));
    }

    /// <summary>Every bucket of the range, empty ones included, so charts show quiet periods as zero.</summary>
    public static IReadOnlyList<ReasonBucket> Fill(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, IReadOnlyList<ReasonBucket> sparse)
    {
        var byStart = sparse.ToDictionary(b => b.Start);
        var all = new List<ReasonBucket>();
        for (var start = from; start < to; start += bucket)
        {
            all.Add(byStart.TryGetValue(start, out var b) ? b : new ReasonBucket(start, new Dictionary<string, long>(), 0));
        }

        return all;
    }
}
