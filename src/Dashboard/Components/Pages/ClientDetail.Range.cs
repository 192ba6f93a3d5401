using System.Globalization;

namespace Dashboard.Components.Pages;

/// <summary>The time ranges the drill-down offers: the last hour, day or week up to now, or two chosen instants (UTC).</summary>
public enum RangePreset
{
    Hour,
    Day,
    Week,
    Custom,
}

public sealed partial class ClientDetail
{
    /// <summary>The <c>datetime-local</c> input's format; the page reads and writes UTC.</summary>
    internal const string InputFormat = "yyyy-MM-ddTHH:mm";

    private RangePreset _preset = RangePreset.Day;
    private string? _customFrom;
    private string? _customTo;
    private string? _rangeError;

    internal static TimeSpan SpanOf(RangePreset preset) => preset switch
    {
        RangePreset.Hour => TimeSpan.FromHours(1),
        RangePreset.Week => TimeSpan.FromDays(7),
        _ => TimeSpan.FromDays(1),
    };

    internal static string LabelOf(RangePreset preset) => preset switch
    {
        RangePreset.Hour => "1 h",
        RangePreset.Day => "24 h",
        RangePreset.Week => "7 d",
        _ => "Custom",
    };

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
            return (now - SpanOf(_preset), now);
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

        return (from.Value, to.Value);
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
