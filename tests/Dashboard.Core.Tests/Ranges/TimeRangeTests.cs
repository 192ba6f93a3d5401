using System.Globalization;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Tests.Ranges;

/// <summary>
/// The one time-range model, as tables: which buckets a range becomes at a given moment (a preset's
/// frame ends with the bucket holding now; a fixed range starts on its first bucket and ends where it
/// was set), which bucket a span gets, where an instant's bucket starts, and how empty buckets are filled.
/// </summary>
public sealed class TimeRangeTests
{
    /// <summary>Range ("1h" a preset, "from..to" fixed), now, bucket asked for ("" for the default) → from, to, bucket, count.</summary>
    public static TheoryData<string, string, string, string, string, string, long> Buckets => new()
    {
        { "1h", "2025-06-10T10:30:20Z", "", "2025-06-10T09:31:00Z", "2025-06-10T10:31:00Z", "00:01:00", 60 },
        { "1h", "2025-06-10T10:30:00Z", "", "2025-06-10T09:31:00Z", "2025-06-10T10:31:00Z", "00:01:00", 60 },
        { "15m", "2025-06-10T10:30:20Z", "", "2025-06-10T10:16:00Z", "2025-06-10T10:31:00Z", "00:01:00", 15 },
        { "24h", "2025-06-10T10:37:00Z", "", "2025-06-09T10:45:00Z", "2025-06-10T10:45:00Z", "00:15:00", 96 },
        { "7d", "2025-06-10T10:37:00Z", "", "2025-06-03T12:00:00Z", "2025-06-10T12:00:00Z", "02:00:00", 84 },
        { "1h", "2025-06-10T10:30:20Z", "00:05:00", "2025-06-10T09:35:00Z", "2025-06-10T10:35:00Z", "00:05:00", 12 },

        // Fixed: exactly the chosen span when it is on buckets, whatever the clock says.
        { "2025-06-10T10:00:00Z..2025-06-10T11:00:00Z", "2025-06-20T00:00:00Z", "", "2025-06-10T10:00:00Z", "2025-06-10T11:00:00Z", "00:01:00", 60 },
        { "2025-06-10T10:00:00Z..2025-06-10T16:00:00Z", "2025-06-20T00:00:00Z", "", "2025-06-10T10:00:00Z", "2025-06-10T16:00:00Z", "00:05:00", 72 },

        // Off buckets: the start moves back to its bucket, the end stays (the last bucket is partial).
        { "2025-06-10T10:02:30Z..2025-06-10T11:07:00Z", "2025-06-20T00:00:00Z", "00:05:00", "2025-06-10T10:00:00Z", "2025-06-10T11:07:00Z", "00:05:00", 14 },

        // Beyond a week: whole hours, about 200 buckets.
        { "2025-06-01T00:00:00Z..2025-06-30T00:00:00Z", "2025-07-01T00:00:00Z", "", "2025-06-01T00:00:00Z", "2025-06-30T00:00:00Z", "04:00:00", 174 },
    };

    /// <summary>Span → the bucket it gets, at each boundary.</summary>
    public static TheoryData<string, string> DefaultBuckets => new()
    {
        { "00:15:00", "00:01:00" },
        { "01:00:00", "00:01:00" },
        { "01:01:00", "00:05:00" },
        { "06:00:00", "00:05:00" },
        { "06:01:00", "00:15:00" },
        { "1.00:00:00", "00:15:00" },
        { "1.00:01:00", "02:00:00" },
        { "7.00:00:00", "02:00:00" },
        { "8.00:00:00", "01:00:00" },
        { "30.00:00:00", "04:00:00" },
    };

    /// <summary>Instant, bucket → start of its bucket (from the Unix epoch, also before it).</summary>
    public static TheoryData<string, string, string> Alignments => new()
    {
        { "2025-06-10T10:30:20.500Z", "00:01:00", "2025-06-10T10:30:00Z" },
        { "2025-06-10T10:30:00Z", "00:01:00", "2025-06-10T10:30:00Z" },
        { "2025-06-10T10:37:00Z", "00:15:00", "2025-06-10T10:30:00Z" },
        { "2025-06-10T10:37:00Z", "02:00:00", "2025-06-10T10:00:00Z" },
        { "2025-06-10T10:37:00+02:00", "01:00:00", "2025-06-10T08:00:00Z" },
        { "1969-12-31T23:59:30Z", "00:01:00", "1969-12-31T23:59:00Z" },
    };

    [Theory]
    [MemberData(nameof(Buckets))]
    public void A_range_becomes_these_buckets(string range, string now, string bucket, string from, string to, string size, long count)
    {
        var buckets = RangeOf(range).Buckets(At(now), bucket.Length == 0 ? null : Span(bucket));

        Assert.Equal((At(from), At(to), Span(size), count), (buckets.From, buckets.To, buckets.Bucket, buckets.Count));
    }

    [Theory]
    [MemberData(nameof(DefaultBuckets))]
    public void The_bucket_follows_from_the_span(string span, string bucket) =>
        Assert.Equal(Span(bucket), BucketRange.DefaultBucket(Span(span)));

    [Theory]
    [MemberData(nameof(Alignments))]
    public void An_instant_aligns_down_to_the_start_of_its_bucket(string at, string bucket, string start) =>
        Assert.Equal(At(start), BucketRange.AlignDown(At(at), Span(bucket)));

    [Fact]
    public void A_preset_covers_the_span_up_to_now_and_a_fixed_range_ignores_the_clock()
    {
        var now = At("2025-06-10T10:30:20Z");

        Assert.Equal((now.AddDays(-1), now), TimeRange.Last(RangePreset.Day).At(now));
        Assert.Equal(TimeSpan.FromDays(1), TimeRange.Last(RangePreset.Day).Span);
        Assert.False(TimeRange.Last(RangePreset.Day).IsFixed);

        var fixedRange = TimeRange.Between(At("2025-06-01T00:00:00Z"), At("2025-06-01T02:00:00Z"));
        Assert.Equal((At("2025-06-01T00:00:00Z"), At("2025-06-01T02:00:00Z")), fixedRange.At(now));
        Assert.Equal((At("2025-06-01T00:00:00Z"), At("2025-06-01T02:00:00Z")), fixedRange.At(now.AddDays(3)));
        Assert.Equal(TimeSpan.FromHours(2), fixedRange.Span);
        Assert.Same(RangePreset.Custom, fixedRange.Preset);
        Assert.True(fixedRange.IsFixed);
    }

    [Fact]
    public void An_empty_or_backward_range_and_a_preset_without_a_span_are_refused()
    {
        var at = At("2025-06-10T10:00:00Z");

        Assert.Throws<ArgumentOutOfRangeException>(() => TimeRange.Between(at, at));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeRange.Between(at, at.AddSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeRange.Last(RangePreset.Custom));
        Assert.Throws<ArgumentOutOfRangeException>(() => BucketRange.AlignDown(at, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("1h", "1h")]
    [InlineData("1H", "1h")]
    [InlineData(" 24h ", "24h")]
    [InlineData("15M", "15m")]
    [InlineData("7d", null)]
    [InlineData("2h", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_preset_is_found_by_its_name_among_those_offered(string? name, string? found) =>
        Assert.Equal(found, RangePreset.Find(name, [RangePreset.FifteenMinutes, RangePreset.Hour, RangePreset.Day])?.Name);

    /// <summary>Cut at → the buckets before and from it ("" when none), for 10:00..11:00 in 15-minute buckets.</summary>
    [Theory]
    [InlineData("2025-06-10T10:20:00Z", "10:00-10:30", "10:30-11:00")]
    [InlineData("2025-06-10T10:30:00Z", "10:00-10:30", "10:30-11:00")]
    [InlineData("2025-06-10T10:00:00Z", "", "10:00-11:00")]
    [InlineData("2025-06-10T09:00:00Z", "", "10:00-11:00")]
    [InlineData("2025-06-10T10:50:00Z", "10:00-11:00", "")]
    [InlineData("2025-06-10T12:00:00Z", "10:00-11:00", "")]
    public void A_range_splits_on_the_first_bucket_boundary_at_or_after_the_cut(string at, string before, string after)
    {
        var range = TimeRange.Between(At("2025-06-10T10:00:00Z"), At("2025-06-10T11:00:00Z")).Buckets(At("2025-06-11T00:00:00Z"), TimeSpan.FromMinutes(15));

        var (b, a) = range.SplitAt(At(at));

        Assert.Equal((before, after), (Show(b), Show(a)));
        Assert.All(new[] { b, a }.OfType<BucketRange>(), part => Assert.Equal(range.Bucket, part.Bucket));
    }

    [Fact]
    public void Filling_keeps_every_bucket_that_has_something_and_adds_the_empty_ones_in_order()
    {
        var buckets = TimeRange.Between(At("2025-06-10T10:00:00Z"), At("2025-06-10T10:05:00Z")).Buckets(At("2025-06-11T00:00:00Z"));
        var kicked = new ReasonBucket(At("2025-06-10T10:01:00Z"), new Dictionary<string, long> { ["kicked"] = 2 }, 1, 7);
        var closed = new ReasonBucket(At("2025-06-10T10:04:00Z"), new Dictionary<string, long> { ["tcp_closed"] = 1 }, 0);

        var filled = buckets.Fill([closed, kicked]);

        Assert.Equal(
            ["10:00", "10:01", "10:02", "10:03", "10:04"],
            filled.Select(b => b.Start.ToString("HH:mm", CultureInfo.InvariantCulture)));
        Assert.Same(kicked, filled[1]);
        Assert.Same(closed, filled[4]);
        Assert.All([filled[0], filled[2], filled[3]], b => Assert.Equal((0L, 0L, (int?)null), (b.Disconnects, b.Connects, b.Online)));
    }

    private static TimeRange RangeOf(string text)
    {
        if (text.Split("..") is [var from, var to])
        {
            return TimeRange.Between(At(from), At(to));
        }

        return TimeRange.Last(RangePreset.Find(text, [RangePreset.FifteenMinutes, RangePreset.Hour, RangePreset.Day, RangePreset.Week])!);
    }

    private static string Show(BucketRange? range) =>
        range is null ? "" : $"{range.From:HH:mm}-{range.To:HH:mm}";

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static TimeSpan Span(string text) => TimeSpan.Parse(text, CultureInfo.InvariantCulture);
}
