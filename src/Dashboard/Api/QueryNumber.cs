using System.Globalization;

namespace Dashboard.Api;

/// <summary>Whole-number query parameters with bounds: one reading and one error text for every endpoint.</summary>
internal static class QueryNumber
{
    /// <summary>
    /// The value of <paramref name="name"/>, or <paramref name="fallback"/> when it is absent. A value
    /// that is not a whole number in [<paramref name="min"/>, <paramref name="max"/>] adds a 400 error
    /// naming the parameter (and returns the fallback).
    /// </summary>
    public static int Read(IQueryCollection query, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        var value = query[name].ToString();
        if (value.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        errors[name] = [$"must be a whole number from {min} to {max}; got '{value}'"];
        return fallback;
    }
}
