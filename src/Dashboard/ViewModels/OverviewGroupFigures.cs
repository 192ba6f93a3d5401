using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;
using Dashboard.Core.Refusals;
using Dashboard.History;

namespace Dashboard.ViewModels;

/// <summary>
/// The Overview's connects, disconnects, reasons chart and refused tile for one device group. Memory counts the whole
/// fleet only, so these come from history through the group predicate (<see cref="IGroupHistory"/>), as on /reasons
/// and /refused with <c>group=</c>: three grouped reads, at most every <see cref="ReadEvery"/> (the page refreshes every
/// second), and at once for another group. History lags live by its write batch, and the figures say "from history".
/// </summary>
internal sealed class OverviewGroupFigures(IHistoryStore history, ILogger logger)
{
    /// <summary>The least time between two reads of the same group: the bound on one open page's database load.</summary>
    public static readonly TimeSpan ReadEvery = TimeSpan.FromSeconds(5);

    private (GroupFilter Group, DateTimeOffset At)? _readFor;

    /// <summary>Whether history can narrow to a group; without it the page shows the fleet's figures and says so.</summary>
    public bool Available => history.IsEnabled && history is IGroupHistory;

    public long ConnectsLastMinute { get; private set; }

    public long DisconnectsLastMinute { get; private set; }

    public long ConnectsLastHour { get; private set; }

    public long DisconnectsLastHour { get; private set; }

    /// <summary>The group's disconnect reasons in the chart's frame, every bucket (empty ones as zero).</summary>
    public IReadOnlyList<ReasonBucket> ReasonBuckets { get; private set; } = [];

    /// <summary>The group's refused connects in the last hour; null before the first read.</summary>
    public RefusalSummary? Refused { get; private set; }

    /// <summary>Why the last read failed (with a reference to the log), else null.</summary>
    public string? Error { get; private set; }

    /// <summary>Reads <paramref name="group"/>'s figures if due; the chart in <paramref name="reasonRange"/>, the rest up to <paramref name="now"/>.</summary>
    public async Task ReadAsync(GroupFilter group, BucketRange reasonRange, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!Available || (_readFor is { } last && last.Group == group && now - last.At < ReadEvery))
        {
            return;
        }

        var grouped = (IGroupHistory)history;
        try
        {
            // One read for both rates: the last hour by minute, of which the last bucket is the last minute.
            var hour = await grouped.GetReasonBucketsAsync(now.AddHours(-1), now, TimeSpan.FromMinutes(1), group, cancellationToken);
            var lastMinuteStart = now.AddMinutes(-1);
            var chart = await grouped.GetReasonBucketsAsync(reasonRange.From, reasonRange.To, reasonRange.Bucket, group, cancellationToken);
            var refused = await grouped.GetRefusedBucketsAsync(now.AddHours(-1), now, TimeSpan.FromHours(1), group, cancellationToken);

            // Shown together, once every read succeeded.
            (ConnectsLastHour, DisconnectsLastHour) = (hour.Sum(b => b.Connects), hour.Sum(b => b.Disconnects));
            var minute = hour.Where(b => b.Start >= lastMinuteStart).ToList();
            (ConnectsLastMinute, DisconnectsLastMinute) = (minute.Sum(b => b.Connects), minute.Sum(b => b.Disconnects));
            ReasonBuckets = reasonRange.Fill(chart);
            Refused = Summary(refused, now);
            Error = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Error = HistoryReadError.Report(logger, history, ex);
        }

        _readFor = (group, now);
    }

    private static RefusalSummary Summary(IReadOnlyList<RefusedBucket> buckets, DateTimeOffset now)
    {
        var codes = buckets.SelectMany(b => b.Counts)
            .GroupBy(c => c.Key, StringComparer.Ordinal)
            .Select(g => (Code: g.Key, Count: g.Sum(c => c.Value)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Code, StringComparer.Ordinal)
            .ToList();
        return new RefusalSummary(now, codes.Sum(c => c.Count), codes.FirstOrDefault().Code, codes.FirstOrDefault().Count, null);
    }
}
