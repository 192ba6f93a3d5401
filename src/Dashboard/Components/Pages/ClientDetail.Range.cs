using System.Globalization;
using Dashboard.Core.Ranges;

namespace Dashboard.Components.Pages;

public sealed partial class ClientDetail
{
    /// <summary>The time ranges the drill-down offers: the last hour, day or week up to now, or two chosen instants (UTC).</summary>
    internal static readonly IReadOnlyList<RangePreset> Presets = [RangePreset.Hour, RangePreset.Day, RangePreset.Week, RangePreset.Custom];

    /// <summary>The <c>datetime-local</c> input's format; the page reads and writes UTC.</summary>
    internal const string InputFormat = "yyyy-MM-ddTHH:mm";

    private RangePreset _preset = RangePreset.Day;
    private string? _customFrom;
    private string? _customTo;
    private string? _rangeError;

    internal static string LabelOf(RangePreset preset) =>
        preset == RangePreset.Hour ? "1 h" : preset == RangePreset.Day ? "24 h" : preset == RangePreset.Week ? "7 d" : "Custom";

    internal static string ToInput(DateTimeOffset at) => at.UtcDateTime.ToString(InputFormat, CultureInfo.InvariantCulture);

    internal static DateTimeOffset? FromInput(string? text) =>
        DateTime.TryParseExact(text, [InputFormat, InputFormat + ":ss", InputFormat + ":ss.fff"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : null;

    /// <summary>The range to show now, or null (with <see cref="_rangeError"/> set) when the custom one is not valid.</summary>
    private (DateTimeOffset From, DateTimeOffset To)? ResolveRange(DateTimeOffset now)
    {
        _rangeError = null;
        if (_preset != RangePreset.Custom)
        {
            return TimeRange.Last(_preset).At(now);
        }

        var (from, to) = (FromInput(_customFrom), FromInput(_customTo));
        if (from is null || to is null)
        {
            _rangeError = "Enter both the start and the end (UTC).";
            return null;
        }

        if (from >= to)
        {
            _rangeError = "The start must be before the end.";
            return null;
        }

        return TimeRange.Between(from.Value, to.Value).At(now);
    }

    private async Task OnPresetChangedAsync(RangePreset preset)
    {
        if (preset == _preset)
        {
            return;
        }

        if (preset == RangePreset.Custom)
        {
            // Start from what is on screen, so "custom" is a small edit rather than two empty fields.
            (_customFrom, _customTo) = (ToInput(_from), ToInput(_to));
        }

        _preset = preset;
        await LoadAsync();
    }

    private async Task OnCustomFromChangedAsync(string? text)
    {
        _customFrom = text;
        await LoadAsync();
    }

    private async Task OnCustomToChangedAsync(string? text)
    {
        _customTo = text;
        await LoadAsync();
    }
}
