using System.Globalization;
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

    /// <summary>The <c>datetime-local</c> input's format; the inputs are UTC.</summary>
    public const string InputFormat = "yyyy-MM-ddTHH:mm";

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

    /// <summary>A time as a <c>datetime-local</c> input shows it (UTC); empty for none.</summary>
    public static string ToInput(DateTime? at) => at?.ToString(InputFormat, CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>
    /// What a <c>datetime-local</c> input sent (UTC, with or without seconds, as browsers differ), or
    /// null for anything else: the range is then not applied, with a message.
    /// </summary>
    public static DateTime? FromInput(string? text) =>
        DateTime.TryParseExact(text, [InputFormat, InputFormat + ":ss", InputFormat + ":ss.fff"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;

    private static DateTimeOffset AsUtc(DateTime typed) => new(DateTime.SpecifyKind(typed, DateTimeKind.Utc));
}
