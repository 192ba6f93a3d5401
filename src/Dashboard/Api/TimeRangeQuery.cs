using System.Globalization;
using Dashboard.Core.Ranges;

namespace Dashboard.Api;

/// <summary>
/// Reads <c>from</c>/<c>to</c> query values: ISO 8601 (UTC unless an offset is given) or Unix
/// milliseconds, each from 2000-01-01 to a day from now (no event is older than the first, or
/// newer than the second, and a range's arithmetic can then never overflow), <c>from</c> before <c>to</c>.
/// Either may be left out: <c>to</c> is then now, <c>from</c> the default span before <c>to</c>.
/// </summary>
internal static class TimeRangeQuery
{
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Ahead = TimeSpan.FromDays(1);

    /// <summary>The fixed range the query asks for, or null with the reason in <paramref name="errors"/>.</summary>
    public static TimeRange? Parse(
        IQueryCollection query,
        DateTimeOffset now,
        TimeSpan defaultSpan,
        Dictionary<string, string[]> errors)
    {
        var to = ParseOne(query["to"].ToString(), "to", now, errors) ?? now;
        var from = ParseOne(query["from"].ToString(), "from", now, errors) ?? to - defaultSpan;
        if (errors.ContainsKey("from") || errors.ContainsKey("to"))
        {
            return null;
        }

        if (from >= to)
        {
            errors["from"] = ["must be before 'to'"];
            return null;
        }

        return TimeRange.Between(from, to);
    }

    /// <summary>One time value (see the class summary), or null when absent or invalid (then with the reason in <paramref name="errors"/>).</summary>
    public static DateTimeOffset? ParseOne(string value, string name, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (value.Length == 0)
        {
            return null;
        }

        DateTimeOffset at;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            // Past year 9999 it is out of range below anyway.
            at = ms < 253402300800000 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MaxValue;
        }
        else if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at))
        {
            errors[name] = [$"must be an ISO 8601 time (e.g. 2025-06-10T10:30:00Z) or Unix milliseconds; got '{value}'"];
            return null;
        }

        if (at < Earliest || at > now + Ahead)
        {
            errors[name] = [$"must be from {Earliest:yyyy-MM-dd} to a day from now; got '{value}'"];
            return null;
        }

        return at;
    }
}
