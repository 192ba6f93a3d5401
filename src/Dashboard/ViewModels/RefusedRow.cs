using Dashboard.Core.Reasons;

namespace Dashboard.ViewModels;

/// <summary>One row of the reason-code table: a code seen in the range, its count and share, what it means and what to do.</summary>
public sealed record RefusedRow(string ReasonCode, long Count, double Share, ReasonInfo Info)
{
    /// <summary>Every code in the buckets, most frequent first (then by name, ordinal).</summary>
    public static IReadOnlyList<RefusedRow> Build(IEnumerable<ReasonBucket> buckets)
    {
        var totals = Components.Pages.ReasonRows.Totals(buckets);
        var all = totals.Values.Sum();
        return totals
            .OrderByDescending(t => t.Value)
            .ThenBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new RefusedRow(t.Key, t.Value, all == 0 ? 0 : t.Value / (double)all, ReasonCatalog.DescribeRefusal(t.Key)))
            .ToList();
    }
}
