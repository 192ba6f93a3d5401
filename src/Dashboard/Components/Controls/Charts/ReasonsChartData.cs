using Dashboard.Components.Controls.Formatting;
using Dashboard.Core.Reasons;

namespace Dashboard.Components.Controls.Charts;

/// <summary>
/// The reasons chart as ApexCharts takes it: stacked bars, one series per reason (verbatim name,
/// colour from <see cref="ReasonColors"/>), points as [bucket start in Unix ms, disconnects].
/// Series are ordered by colour group, then by total, largest first, so the legend reads by kind.
/// </summary>
public static class ReasonsChartData
{
    public sealed record Series(string Name, IReadOnlyList<long[]> Data, string Color);

    /// <param name="refusals">Whether the counts are refused connects per reason code (the refusal catalogue orders and colours them).</param>
    public static IReadOnlyList<Series> SeriesOf(IReadOnlyList<ReasonBucket> buckets, bool refusals = false)
    {
        Func<string, ReasonInfo> describe = refusals ? ReasonCatalog.DescribeRefusal : ReasonCatalog.Describe;
        Func<string, string> color = refusals ? ReasonColors.OfRefusal : ReasonColors.Of;
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in buckets.SelectMany(b => b.Counts))
        {
            totals[reason] = totals.GetValueOrDefault(reason) + count;
        }

        return totals
            .OrderBy(t => describe(t.Key).ColorGroup)
            .ThenByDescending(t => t.Value)
            .ThenBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new Series(
                t.Key,
                buckets.Select(b => new[] { b.Start.ToUnixTimeMilliseconds(), b.Counts.GetValueOrDefault(t.Key) }).ToList(),
                color(t.Key)))
            .ToList();
    }

    /// <summary>
    /// The chart in words, for screen readers: the total and the most frequent reasons, e.g.
    /// "Disconnects per reason over time: 12 in all; keepalive_timeout 8, takenover 4."
    /// </summary>
    public static string Describe(IReadOnlyList<ReasonBucket> buckets, bool refusals = false)
    {
        var what = refusals ? "Refused connects per reason code over time" : "Disconnects per reason over time";
        var totals = buckets.SelectMany(b => b.Counts)
            .GroupBy(c => c.Key, StringComparer.Ordinal)
            .Select(g => (Reason: g.Key, Count: g.Sum(c => c.Value)))
            .Where(t => t.Count > 0)
            .OrderByDescending(t => t.Count).ThenBy(t => t.Reason, StringComparer.Ordinal)
            .ToList();
        if (totals.Count == 0)
        {
            return $"{what}: none in this range.";
        }

        var top = string.Join(", ", totals.Take(5).Select(t => $"{t.Reason} {DisplayFormat.Number(t.Count)}"));
        return $"{what}: {DisplayFormat.Number(totals.Sum(t => t.Count))} in all; {top}{(totals.Count > 5 ? ", and others" : string.Empty)}.";
    }

    /// <summary>
    /// Options for buckets of <paramref name="bucket"/> over [from, to]; the axis and tooltip read in the browser's time zone,
    /// which is the viewer's. <paramref name="maintenance"/>: windows to shade (<see cref="MaintenanceShading"/>).
    /// </summary>
    public static object OptionsFor(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, bool refusals = false, IReadOnlyList<Core.Maintenance.MaintenanceWindow>? maintenance = null) => new
    {
        chart = new
        {
            type = "bar",
            stacked = true,
            animations = new { enabled = false },
            toolbar = new { show = false },
            zoom = new { enabled = false },
            fontFamily = "inherit",
        },
        plotOptions = new { bar = new { columnWidth = "90%" } },
        xaxis = new
        {
            type = "datetime",
            min = from.ToUnixTimeMilliseconds(),
            max = to.ToUnixTimeMilliseconds(),
            labels = new { datetimeUTC = false },
        },
        yaxis = new { min = 0, forceNiceScale = true, title = new { text = $"{(refusals ? "refused connects" : "disconnects")} per {DurationFormat.Compact(bucket)}" } },
        dataLabels = new { enabled = false },
        legend = new { show = true, position = "bottom", showForSingleSeries = true },
        tooltip = new { shared = true, intersect = false, x = new { format = "yyyy-MM-dd HH:mm" } },
        noData = new { text = refusals ? "No refused connects in this range" : "No disconnects in this range" },
        annotations = new { xaxis = MaintenanceShading.Bands(maintenance ?? [], from, to) },
    };

    /// <summary>
    /// The companion chart: connects per bucket (bars) and, where live state sampled it, the online
    /// count (a line on its own axis). Online is left out when no bucket has a sample (history).
    /// </summary>
    public static IReadOnlyList<ActivitySeries> ActivityOf(IReadOnlyList<ReasonBucket> buckets)
    {
        var series = new List<ActivitySeries>
        {
            new("connects", "column", buckets.Select(b => new long?[] { b.Start.ToUnixTimeMilliseconds(), b.Connects }).ToList()),
        };
        if (buckets.Any(b => b.Online is not null))
        {
            series.Add(new("online", "line", buckets.Select(b => new long?[] { b.Start.ToUnixTimeMilliseconds(), b.Online }).ToList()));
        }

        return series;
    }

    public sealed record ActivitySeries(string Name, string Type, IReadOnlyList<long?[]> Data);

    public static object ActivityOptionsFor(DateTimeOffset from, DateTimeOffset to, bool withOnline) => new
    {
        chart = new { type = "line", animations = new { enabled = false }, toolbar = new { show = false }, zoom = new { enabled = false }, fontFamily = "inherit" },
        colors = new[] { "#1e88e5", "#2e7d32" },
        stroke = new { width = new[] { 0, 2 }, curve = "stepline" },
        xaxis = new { type = "datetime", min = from.ToUnixTimeMilliseconds(), max = to.ToUnixTimeMilliseconds(), labels = new { datetimeUTC = false } },
        yaxis = withOnline
            ? new object[] { new { min = 0, title = new { text = "connects" } }, new { min = 0, opposite = true, title = new { text = "online" } } }
            : [new { min = 0, title = new { text = "connects" } }],
        dataLabels = new { enabled = false },
        legend = new { show = true, position = "bottom" },
        tooltip = new { shared = true, intersect = false, x = new { format = "yyyy-MM-dd HH:mm" } },
    };
}
