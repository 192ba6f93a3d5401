using System.Globalization;
using Dashboard.Api;
using Dashboard.Core.Ranges;

namespace Dashboard.ViewModels;

/// <summary>
/// The range part of a page's query string, the same on every page with a range: <c>range</c> names a
/// preset (<c>15m</c>, <c>1h</c>, <c>24h</c>, <c>7d</c>, as <see cref="RangePreset.Name"/>), left out
/// for the page's default; a custom range is <c>from</c> and <c>to</c> instead, ISO 8601 in UTC
/// (<c>2026-11-28T10:00Z</c>) or Unix milliseconds, read as the API reads them
/// (<see cref="TimeRangeQuery.ParseOne"/>). Anything that does not read (an unknown preset, a time out
/// of bounds, a start not before the end, one of the two missing) falls back to the page's default.
/// </summary>
internal static class RangeUrl
{
    public const string RangeName = "range";
    public const string FromName = "from";
    public const string ToName = "to";

    /// <summary>Longer than any time either format writes: a longer value is not read at all.</summary>
    private const int MaxTimeLength = 40;

    /// <summary>The range the URL's values describe, among <paramref name="presets"/>; <paramref name="fallback"/> when they describe none.</summary>
    public static TimeRange Read(string? range, string? from, string? to, IReadOnlyList<RangePreset> presets, RangePreset fallback, DateTimeOffset now)
    {
        if (ReadTime(from, now) is { } start && ReadTime(to, now) is { } end && start < end)
        {
            return TimeRange.Between(start, end);
        }

        var preset = RangePreset.Find(range, presets.Where(p => p != RangePreset.Custom));
        return TimeRange.Last(preset ?? fallback);
    }

    /// <summary>Adds the range's values to <paramref name="parameters"/>: null for what it leaves out, which removes it from the URL.</summary>
    public static void Write(IDictionary<string, object?> parameters, TimeRange range, RangePreset fallback)
    {
        if (range.IsFixed)
        {
            var (from, to) = range.At(default);
            (parameters[RangeName], parameters[FromName], parameters[ToName]) = (null, Format(from), Format(to));
        }
        else
        {
            (parameters[RangeName], parameters[FromName], parameters[ToName]) = (range.Preset == fallback ? null : range.Preset.Name, null, null);
        }
    }

    /// <summary>UTC, to the minute when that is all there is (as the range inputs give it), else to the millisecond.</summary>
    public static string Format(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var format = utc.Ticks % TimeSpan.TicksPerMinute == 0 ? "yyyy-MM-dd'T'HH:mm'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFF'Z'";
        return utc.ToString(format, CultureInfo.InvariantCulture);
    }

    private static DateTimeOffset? ReadTime(string? value, DateTimeOffset now) =>
        string.IsNullOrWhiteSpace(value) || value.Length > MaxTimeLength
            ? null
            : TimeRangeQuery.ParseOne(value.Trim(), "time", now, new Dictionary<string, string[]>());
}
