using Dashboard.Core.Ranges;

namespace Dashboard.ViewModels;

/// <summary>
/// The range a page shows (the range picker's state): a preset, which moves with the clock,
/// or a custom one typed as two UTC times. The bucket follows from the span (<see cref="BucketRange.DefaultBucket"/>).
/// </summary>
public sealed class RangeChoice
{
    /// <summary>The presets offered, as on /reasons.</summary>
    public static readonly IReadOnlyList<RangePreset> Presets = [RangePreset.FifteenMinutes, RangePreset.Hour, RangePreset.Day, RangePreset.Week];

    public TimeRange Range { get; private set; } = TimeRange.Last(RangePreset.Hour);

    /// <summary>Whether the custom-range inputs show (and a preset is not highlighted).</summary>
    public bool Custom { get; private set; }

    /// <summary>The custom range's start as typed (UTC).</summary>
    public DateTime? CustomFrom { get; set; }

    /// <summary>The custom range's end as typed (UTC).</summary>
    public DateTime? CustomTo { get; set; }

    /// <summary>
    /// Shows <paramref name="range"/>, as the page's URL says (<see cref="RangeUrl"/>): a custom one with
    /// its instants in the inputs; a preset with the inputs cleared, so custom starts again from the range on screen.
    /// </summary>
    public void Show(TimeRange range)
    {
        Range = range;
        Custom = range.IsFixed;
        (CustomFrom, CustomTo) = range.IsFixed ? (range.At(default).From.UtcDateTime, range.At(default).To.UtcDateTime) : ((DateTime?)null, (DateTime?)null);
    }

    public void Select(RangePreset preset)
    {
        Custom = false;
        Range = TimeRange.Last(preset);
    }

    /// <summary>Shows the custom-range inputs, starting from the range on screen.</summary>
    public void EditCustom(DateTimeOffset from, DateTimeOffset to)
    {
        CustomFrom ??= from.UtcDateTime;
        CustomTo ??= to.UtcDateTime;
        Custom = true;
    }

    /// <summary>Takes the typed range; a message instead for a range that does not end after it starts.</summary>
    public string? ApplyCustom()
    {
        if (CustomFrom is not { } from || CustomTo is not { } to || from >= to)
        {
            return "Choose a start before the end for the custom range.";
        }

        Range = TimeRange.Between(AsUtc(from), AsUtc(to));
        return null;
    }

    private static DateTimeOffset AsUtc(DateTime typed) => new(DateTime.SpecifyKind(typed, DateTimeKind.Utc));
}
