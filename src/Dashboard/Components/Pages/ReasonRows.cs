using System.Globalization;
using Dashboard.Core.Reasons;

namespace Dashboard.Components.Pages;

/// <summary>One row of the reasons table: a reason seen in the range, its share, and how it moved since the previous equal range.</summary>
public sealed record ReasonRow(string Reason, long Count, double Share, long? Previous, ReasonInfo Info)
{
    /// <summary>"+40 %", "−20 %", "±0 %", "new" (none before), or "—" when the previous range is unknown (no history).</summary>
    public string Trend => Previous switch
    {
        null => "—",
        0 => "new",
        { } p when Count == p => "±0 %",
        { } p => string.Create(CultureInfo.InvariantCulture, $"{(Count > p ? "+" : "−")}{Math.Abs((Count - p) * 100.0 / p):0} %"),
    };

    /// <summary>Whether the reason is up on the previous range (shown in the warning colour).</summary>
    public bool Rising => Previous is { } p && Count > p;
}

/// <summary>Builds the reasons table from the range's buckets and the previous range's totals.</summary>
public static class ReasonRows
{
    /// <summary>Every reason seen in <paramref name="buckets"/>, most frequent first (then by name, ordinal).</summary>
    public static IReadOnlyList<ReasonRow> Build(IReadOnlyList<ReasonBucket> buckets, IReadOnlyDictionary<string, long>? previous)
    {
        var totals = Totals(buckets);
        var all = totals.Values.Sum();
        return totals
            .OrderByDescending(t => t.Value)
            .ThenBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new ReasonRow(
                t.Key,
                t.Value,
                all == 0 ? 0 : t.Value / (double)all,
                previous is null ? null : previous.GetValueOrDefault(t.Key),
                ReasonCatalog.Describe(t.Key)))
            .ToList();
    }

    /// <summary>Disconnects per reason over all <paramref name="buckets"/>.</summary>
    public static Dictionary<string, long> Totals(IEnumerable<ReasonBucket> buckets)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in buckets.SelectMany(b => b.Counts))
        {
            totals[reason] = totals.GetValueOrDefault(reason) + count;
        }

        return totals;
    }
}
