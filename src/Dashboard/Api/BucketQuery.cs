using Dashboard.Core.Ranges;
using Dashboard.Live;

namespace Dashboard.Api;

/// <summary>The <c>bucket</c> query value of a chart's endpoint: one reading, one bound and one error text for all.</summary>
internal static class BucketQuery
{
    /// <summary>The bucket asked for, or null (the range's default) when absent; a bad value adds a 400 error.</summary>
    public static TimeSpan? Parse(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        if (query["bucket"].ToString() is not { Length: > 0 } text)
        {
            return null;
        }

        if (ReasonSeries.TryParseBucket(text, out var asked))
        {
            return asked;
        }

        errors["bucket"] = [$"must be whole seconds (300), a number and unit (30s, 5m, 1h, 1d) or ISO 8601 (PT5M), from 1 second to 3650 days; got '{text}'"];
        return null;
    }

    /// <summary>The range cut into buckets, or null with a 400 error when that makes more than <see cref="ReasonSeries.MaxBuckets"/>.</summary>
    public static BucketRange? Cut(TimeRange range, DateTimeOffset now, TimeSpan? bucket, Dictionary<string, string[]> errors)
    {
        var buckets = range.Buckets(now, bucket);
        if (buckets.Count <= ReasonSeries.MaxBuckets)
        {
            return buckets;
        }

        errors["bucket"] = [$"gives {buckets.Count} buckets for this range; at most {ReasonSeries.MaxBuckets}: choose a larger bucket or a shorter range"];
        return null;
    }
}
