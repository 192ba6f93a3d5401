namespace Dashboard.Core.Ranges;

/// <summary>
/// The range a page or a query asks for: a preset, which moves with the clock, or two fixed
/// instants (<see cref="RangePreset.Custom"/>). <see cref="Buckets"/> turns it into the bars of a chart.
/// </summary>
public sealed record TimeRange
{
    private readonly DateTimeOffset _from;
    private readonly DateTimeOffset _to;

    private TimeRange(RangePreset preset, DateTimeOffset from, DateTimeOffset to) =>
        (Preset, _from, _to) = (preset, from, to);

    public RangePreset Preset { get; }

    public bool IsFixed => Preset == RangePreset.Custom;

    public TimeSpan Span => IsFixed ? _to - _from : Preset.Span;

    /// <summary>The last <see cref="RangePreset.Span"/> up to whenever it is read.</summary>
    public static TimeRange Last(RangePreset preset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(preset.Span, TimeSpan.Zero, nameof(preset));
        return new TimeRange(preset, default, default);
    }

    /// <summary>From <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), whatever the clock says.</summary>
    public static TimeRange Between(DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, to, nameof(from));
        return new TimeRange(RangePreset.Custom, from, to);
    }

    /// <summary>The instants it covers at <paramref name="now"/>: a preset ends now, a fixed range where it was set.</summary>
    public (DateTimeOffset From, DateTimeOffset To) At(DateTimeOffset now) =>
        IsFixed ? (_from, _to) : (now - Preset.Span, now);

    /// <summary>
    /// The range cut into buckets (<see cref="BucketRange.DefaultBucket"/> of the span unless one is given).
    /// A preset ends at the end of the bucket holding now, so a live chart's frame moves once a bucket
    /// rather than every second; a fixed range starts at the start of its first bucket and ends where it was set.
    /// </summary>
    public BucketRange Buckets(DateTimeOffset now, TimeSpan? bucket = null)
    {
        var size = bucket ?? BucketRange.DefaultBucket(Span);
        return IsFixed ? BucketRange.Over(_from, _to, size) : BucketRange.Ending(now, Preset.Span, size);
    }
}
