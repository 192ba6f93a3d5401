using System.Globalization;

namespace Dashboard.Components.Controls.Formatting;

/// <summary>Lengths of time as people read them: the two largest units, no more.</summary>
public static class DurationFormat
{
    /// <summary>"850 ms", "42 s", "5 min 3 s", "2 h 5 min", "3 d 4 h"; a missing value is "—".</summary>
    public static string Compact(TimeSpan? value)
    {
        if (value is not { } span)
        {
            return DisplayFormat.Missing;
        }

        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span switch
        {
            { TotalSeconds: < 1 } => F($"{(int)span.TotalMilliseconds} ms"),
            { TotalMinutes: < 1 } => F($"{(int)span.TotalSeconds} s"),
            { TotalHours: < 1 } => span.Seconds == 0 ? F($"{(int)span.TotalMinutes} min") : F($"{(int)span.TotalMinutes} min {span.Seconds} s"),
            { TotalDays: < 1 } => span.Minutes == 0 ? F($"{(int)span.TotalHours} h") : F($"{(int)span.TotalHours} h {span.Minutes} min"),
            _ => span.Hours == 0 ? F($"{(int)span.TotalDays} d") : F($"{(int)span.TotalDays} d {span.Hours} h"),
        };
    }

    /// <summary>A percentage with one decimal, "99.5 %"; a missing value is "—".</summary>
    public static string Percent(double? value) =>
        value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " %" : DisplayFormat.Missing;

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
