using Dashboard.Core.Ranges;
using Dashboard.ViewModels;

namespace Dashboard.Components.Pages;

public sealed partial class ClientDetail
{
    /// <summary>The time ranges the drill-down offers: the last hour, day or week up to now, or two chosen instants (UTC).</summary>
    internal static readonly IReadOnlyList<RangePreset> Presets = [.. ClientDetailUrl.Presets, RangePreset.Custom];

    private string? _customFrom;
    private string? _customTo;
    private string? _rangeError;

    /// <summary>The toggle's value: the URL's preset, or custom for a range of two instants.</summary>
    private RangePreset Preset => _shown.Range.Preset;

    internal static string LabelOf(RangePreset preset) =>
        preset == RangePreset.Hour ? "1 h" : preset == RangePreset.Day ? "24 h" : preset == RangePreset.Week ? "7 d" : "Custom";

    internal static string ToInput(DateTimeOffset at) => RangeChoice.ToInput(at.UtcDateTime);

    internal static DateTimeOffset? FromInput(string? text) =>
        RangeChoice.FromInput(text) is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;

    /// <summary>The URL's range: the custom inputs show its instants.</summary>
    private void ShowRange(TimeRange range)
    {
        _rangeError = null;
        (_customFrom, _customTo) = range.IsFixed ? (ToInput(range.At(default).From), ToInput(range.At(default).To)) : (null, null);
    }

    /// <summary>Custom starts from what is on screen, so it is a small edit rather than two empty fields.</summary>
    private void OnPresetChanged(RangePreset preset)
    {
        if (preset == Preset)
        {
            return;
        }

        Go(_shown with { Range = preset == RangePreset.Custom ? TimeRange.Between(_from, _to) : TimeRange.Last(preset) });
    }

    private void OnCustomFromChanged(string? text)
    {
        _customFrom = text;
        GoToTypedRange();
    }

    private void OnCustomToChanged(string? text)
    {
        _customTo = text;
        GoToTypedRange();
    }

    /// <summary>A typed range that is one goes into the URL; one that is not stays in the inputs with a message.</summary>
    private void GoToTypedRange()
    {
        var (from, to) = (FromInput(_customFrom), FromInput(_customTo));
        _rangeError = from is null || to is null ? "Enter both the start and the end (UTC)."
            : from >= to ? "The start must be before the end."
            : null;
        if (_rangeError is null)
        {
            Go(_shown with { Range = TimeRange.Between(from!.Value, to!.Value) });
        }
    }
}
