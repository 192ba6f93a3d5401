using System.Globalization;

namespace Dashboard.Components.Controls.Formatting;

/// <summary>
/// How the UI writes times, peers and protocol details. Kept in one place so that every page
/// shows the same value the same way, and so the rules can be tested without rendering.
/// </summary>
public static class DisplayFormat
{
    public const string Missing = "—";

    /// <summary>"3 s ago", "4 min ago", "2 h 5 min ago", "3 d 4 h ago"; a time in the future (clock skew) is "just now".</summary>
    public static string Relative(DateTimeOffset? value, DateTimeOffset now)
    {
        if (value is not { } at)
        {
            return Missing;
        }

        var age = now - at;
        if (age < TimeSpan.FromSeconds(1))
        {
            return "just now";
        }

        if (age < TimeSpan.FromMinutes(1))
        {
            return $"{(int)age.TotalSeconds} s ago";
        }

        if (age < TimeSpan.FromHours(1))
        {
            return $"{(int)age.TotalMinutes} min ago";
        }

        if (age < TimeSpan.FromDays(1))
        {
            return age.Minutes == 0 ? $"{(int)age.TotalHours} h ago" : $"{(int)age.TotalHours} h {age.Minutes} min ago";
        }

        return age.Hours == 0 ? $"{(int)age.TotalDays} d ago" : $"{(int)age.TotalDays} d {age.Hours} h ago";
    }

    /// <summary>The exact instant in UTC, ISO 8601 with milliseconds, e.g. <c>2025-05-01T12:00:03.250Z</c>.</summary>
    public static string UtcIso(DateTimeOffset? value) =>
        value is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>The instant as a wall-clock time in <paramref name="zone"/>, e.g. <c>2025-05-01 21:00:03</c>.</summary>
    public static string Local(DateTimeOffset? value, TimeZoneInfo zone) =>
        value is { } at ? TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : Missing;

    /// <summary>
    /// A hover text for a time shown relatively: the viewer's local time with its zone, then the
    /// exact UTC instant. Just the UTC instant when the viewer's zone is UTC.
    /// </summary>
    public static string LocalAndUtc(DateTimeOffset? value, TimeZoneInfo zone)
    {
        if (value is null)
        {
            return string.Empty;
        }

        return zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime
            ? UtcIso(value)
            : $"{Local(value, zone)} {zone.Id} · {UtcIso(value)}";
    }

    /// <summary><c>ip:port</c>, with brackets around an IPv6 address so the port stays readable.</summary>
    public static string Peer(string? ip, int? port)
    {
        if (string.IsNullOrEmpty(ip))
        {
            return Missing;
        }

        if (port is null)
        {
            return ip;
        }

        return ip.Contains(':', StringComparison.Ordinal)
            ? $"[{ip}]:{port.Value.ToString(CultureInfo.InvariantCulture)}"
            : $"{ip}:{port.Value.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The MQTT version as people say it; the wire level is kept when it is not one we know.</summary>
    public static string Protocol(int? protoVer) => protoVer switch
    {
        null => Missing,
        3 => "3.1",
        4 => "3.1.1",
        5 => "5.0",
        var other => other.Value.ToString(CultureInfo.InvariantCulture),
    };

    public static string YesNo(bool? value) => value switch
    {
        null => Missing,
        true => "yes",
        false => "no",
    };

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Seconds(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : Missing;

    public static string Rate(double perSecond) => perSecond.ToString(perSecond < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture);

    public static string Text(string? value) => string.IsNullOrEmpty(value) ? Missing : value;
}
