using Dashboard.Core.Reasons;

namespace Dashboard.Core.Ranges;

/// <summary>
/// [<see cref="From"/>, <see cref="To"/>) in equal buckets, <see cref="From"/> on a multiple of the
/// bucket since the Unix epoch (so bars stay put as time moves on, and memory and history agree on
/// where a bucket starts). The last bucket may reach past <see cref="To"/>: it is counted up to it.
/// </summary>
public sealed record BucketRange
{
    private BucketRange(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket) => (From, To, Bucket) = (from, to, bucket);

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public TimeSpan Bucket { get; }

    /// <summary>How many buckets it takes.</summary>
    public long Count => (long)Math.Ceiling((To - From).Ticks / (double)Bucket.Ticks);

    /// <summary>
    /// The bucket for a span: 1 minute up to an hour, 5 up to 6 hours, 15 up to a day, 2 hours up
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

    /// <summary>The start of the bucket holding <paramref name="at"/>.</summary>
    public static DateTimeOffset AlignDown(DateTimeOffset at, TimeSpan bucket)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucket, TimeSpan.FromMilliseconds(1), nameof(bucket));
        var ms = at.ToUnixTimeMilliseconds();
        var bucketMs = (long)bucket.TotalMilliseconds;
        var rem = ((ms % bucketMs) + bucketMs) % bucketMs;
        return DateTimeOffset.FromUnixTimeMilliseconds(ms - rem);
    }

    /// <summary>The last <paramref name="span"/> up to the end of the bucket holding <paramref name="now"/>.</summary>
    public static BucketRange Ending(DateTimeOffset now, TimeSpan span, TimeSpan bucket)
    {
        var to = AlignDown(now, bucket) + bucket;
        return new BucketRange(AlignDown(to - span, bucket), to, bucket);
    }

    /// <summary>[from, to), the start moved back to the start of its bucket.</summary>
    public static BucketRange Over(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, to, nameof(from));
        return new BucketRange(AlignDown(from, bucket), to, bucket);
    }

    /// <summary>
    /// The buckets before <paramref name="at"/> and those from it on, cut at the first bucket boundary
    /// at or after it; either is null when it would be empty.
    /// </summary>
    public (BucketRange? Before, BucketRange? After) SplitAt(DateTimeOffset at)
    {
        var cut = AlignDown(at, Bucket);
        cut = cut < at ? cut + Bucket : cut;
        return cut <= From ? (null, this)
            : cut >= To ? (this, null)
            : (new BucketRange(From, cut, Bucket), new BucketRange(cut, To, Bucket));
    }

    /// <summary>Every bucket, empty ones included and oldest first, so charts show quiet periods as zero.</summary>
    public IReadOnlyList<ReasonBucket> Fill(IEnumerable<ReasonBucket> sparse)
    {
        var byStart = sparse.ToDictionary(b => b.Start);
        var all = new List<ReasonBucket>();
        for (var start = From; start < To; start += Bucket)
        {
            all.Add(byStart.TryGetValue(start, out var b) ? b : new ReasonBucket(start, new Dictionary<string, long>(), 0));
        }

        return all;
    }
}
