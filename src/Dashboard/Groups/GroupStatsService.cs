using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Reasons;

namespace Dashboard.Groups;

/// <summary>One reason and how many disconnects gave it.</summary>
public sealed record ReasonCount(string Reason, long Count);

/// <summary>
/// One group's figures. Live ones (online, known, active findings) always; the history ones (connects and
/// disconnects in the last hour, top reasons of the last 24 hours) are null with history off.
/// </summary>
public sealed record GroupFigures(
    string Name,
    int Online,
    int Known,
    int ActiveFindings,
    long? ConnectsLastHour,
    long? DisconnectsLastHour,
    IReadOnlyList<ReasonCount>? TopReasons);

/// <summary>Every group's figures as of <see cref="At"/>, in matching order.</summary>
public sealed record GroupStats(DateTimeOffset At, bool HistoryOn, IReadOnlyList<GroupFigures> Groups);

/// <summary>
/// Per-group figures for the Groups page, the wallboard and <c>/api/groups/stats</c>: live state in one pass over
/// the known clients (<see cref="LiveState.CountByGroup"/>), findings by their client's group, and history through
/// the group predicate. The whole set is cached for <see cref="CacheFor"/>, and a change of definitions drops it, so
/// a page refreshing, several viewers and the API cost one computation.
/// </summary>
internal sealed class GroupStatsService(
    IDeviceGroups groups,
    LiveState live,
    ConflictService conflicts,
    IHistoryStore history,
    TimeProvider time) : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>The most reasons listed per group.</summary>
    public const int TopReasonCount = 5;

    private readonly SemaphoreSlim _computing = new(1, 1);
    private (GroupMatcher Matcher, GroupStats Stats)? _cached;

    public bool HistoryOn => history.IsEnabled && history is IGroupHistory;

    public async Task<GroupStats> GetAsync(CancellationToken cancellationToken)
    {
        var matcher = groups.Current;
        if (Fresh(matcher) is { } hit)
        {
            return hit;
        }

        // One computation at a time: the others wait for it and take its result.
        await _computing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(matcher) is { } computed)
            {
                return computed;
            }

            var stats = await ComputeAsync(matcher, cancellationToken);
            _cached = (matcher, stats);
            return stats;
        }
        finally
        {
            _computing.Release();
        }
    }

    public void Dispose() => _computing.Dispose();

    private GroupStats? Fresh(GroupMatcher matcher) =>
        _cached is { } c && ReferenceEquals(c.Matcher, matcher) && time.GetUtcNow() - c.Stats.At < CacheFor ? c.Stats : null;

    private async Task<GroupStats> ComputeAsync(GroupMatcher matcher, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var counts = live.CountByGroup(matcher);
        var findings = FindingsByGroup(matcher);
        var figures = new List<GroupFigures>(matcher.Groups.Count);
        foreach (var group in matcher.Groups)
        {
            var count = counts.GetValueOrDefault(group.Name);
            long? connects = null, disconnects = null;
            IReadOnlyList<ReasonCount>? top = null;
            if (HistoryOn)
            {
                var filter = new GroupFilter(matcher, group.Name);
                var grouped = (IGroupHistory)history;
                var hour = await grouped.GetReasonBucketsAsync(now.AddHours(-1), now, TimeSpan.FromHours(1), filter, cancellationToken);
                connects = hour.Sum(b => b.Connects);
                disconnects = hour.Sum(b => b.Counts.Values.Sum());
                var day = await grouped.GetReasonBucketsAsync(now.AddDays(-1), now, TimeSpan.FromDays(1), filter, cancellationToken);
                top = day.SelectMany(b => b.Counts)
                    .GroupBy(c => c.Key, StringComparer.Ordinal)
                    .Select(g => new ReasonCount(g.Key, g.Sum(c => c.Value)))
                    .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)
                    .Take(TopReasonCount)
                    .ToList();
            }

            figures.Add(new GroupFigures(group.Name, count.Online, count.Known, findings.GetValueOrDefault(group.Name), connects, disconnects, top));
        }

        return new GroupStats(now, HistoryOn, figures);
    }

    /// <summary>Active findings and incidents per group of their clients (an incident over several groups counts in each).</summary>
    private Dictionary<string, int> FindingsByGroup(GroupMatcher matcher)
    {
        var byGroup = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (matcher.Groups.Count == 0)
        {
            return byGroup;
        }

        foreach (var finding in conflicts.GetFindings(FindingState.Active))
        {
            Count([finding.ClientId]);
        }

        foreach (var incident in conflicts.GetIncidents(FindingState.Active))
        {
            Count(incident.ClientIds);
        }

        return byGroup;

        void Count(IEnumerable<string> clientIds)
        {
            foreach (var name in clientIds.Select(GroupOf).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
            {
                byGroup[name] = byGroup.GetValueOrDefault(name) + 1;
            }
        }

        string? GroupOf(string clientId) => ClientGroup.Of(live, matcher, clientId);
    }
}
