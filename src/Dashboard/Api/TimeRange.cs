using System.Globalization;

namespace Dashboard.Api;

/// <summary>Reads <c>from</c>/<c>to</c> query values: ISO 8601 (UTC unless an offset is given) or Unix milliseconds.</summary>
internal static class TimeRange
{
    public static (DateTimeOffset From, DateTimeOffset To) Parse(
        IQueryCollection query,
        DateTimeOffset now,
        TimeSpan defaultSpan,
        Dictionary<string, string[]> errors)
    {
        var to = ParseOne(query["to"].ToString(), "to", errors) ?? now;
        var from = ParseOne(query["from"].ToString(), "from", errors) ?? to - defaultSpan;
        if (from >= to && !errors.ContainsKey("from") && !errors.ContainsKey("to"))
        {
            errors["from"] = ["must be before 'to'"];
        }

        return (from, to);
    }

    private static DateTimeOffset? ParseOne(string value, string name, Dictionary<string, string[]> errors)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms < 253402300800000)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        errors[name] = [$"must be an ISO 8601 time (e.g. 2025-06-10T10:30:00Z) or Unix milliseconds; got '{value}'"];
        return null;
    }
}
