using System.Globalization;
using Dashboard.Api;

namespace Dashboard.Components.Controls.Moment;

/// <summary>
/// The <c>at</c> query parameter of a page that can show a past moment: an instant in UTC, written
/// <c>2026-11-28T10:00:00Z</c> (an offset or Unix milliseconds are read too). A value that is not a
/// time, or before 2000, means "live": a bad link opens the live page rather than an error. With it,
/// <c>window</c>: the minutes either side of the moment whose disconnects are listed (the API's name and range).
/// </summary>
public static class MomentParameter
{
    public const string Name = "at";

    public const string WindowName = "window";

    /// <summary>Where the online list starts: after this client ID (the API's keyset, its response's <c>next</c>).</summary>
    public const string AfterName = "after";

    public const int DefaultWindowMinutes = ClientsAtApi.DefaultWindowMinutes;

    /// <summary>What the time control offers; the URL takes any whole number from 0 to a day, as the API does.</summary>
    public static readonly int[] WindowChoices = [1, 5, 15, 30, 60, 120];

    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 40)
        {
            return null;
        }

        DateTimeOffset at;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            if (ms >= 253402300800000)
            {
                return null;
            }

            at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        else if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at))
        {
            return null;
        }

        return at >= Earliest ? at : null;
    }

    /// <summary>The window in the URL, or the default for anything else (never an error).</summary>
    public static int ParseWindow(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes <= ClientsAtApi.MaxWindowMinutes
            ? minutes
            : DefaultWindowMinutes;

    /// <summary>The window as the URL writes it: null (left out) for the default.</summary>
    public static string? FormatWindow(int minutes) =>
        minutes == DefaultWindowMinutes ? null : minutes.ToString(CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>What a <c>datetime-local</c> input shows for <paramref name="at"/> in the viewer's zone.</summary>
    public static string ToLocalInput(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A <c>datetime-local</c> value (wall-clock time in the viewer's zone) as an instant, or null.</summary>
    public static DateTimeOffset? FromLocalInput(string? value, TimeZoneInfo zone)
    {
        string[] formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF"];
        if (value is null || !DateTime.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        // A time that a daylight-saving change skips does not exist in the zone: no instant.
        if (zone.IsInvalidTime(local))
        {
            return null;
        }

        var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        return Parse(Format(new DateTimeOffset(utc, TimeSpan.Zero)));
    }
}
