using Dashboard.Core.Maintenance;

namespace Dashboard.Core.Groups;

/// <summary>One session of one client: connected at, and disconnected at (null: still connected).</summary>
public sealed record UptimeSession(string ClientId, string? Username, string? PeerIp, DateTimeOffset ConnectedAt, DateTimeOffset? DisconnectedAt);

/// <summary>Uptime over a range: the share of counted time the clients were connected, with the totals behind it.</summary>
public sealed record UptimeFigure(double Percent, TimeSpan Up, TimeSpan Counted, int Clients);

/// <summary>
/// Uptime % of a set of clients over [from, to) from their sessions. Each client counts from the later of
/// <c>from</c> and its first connect (before that it was not a device here yet) to <c>to</c>; time inside a
/// maintenance window that covers the client (by its group or its client ID pattern) is planned, and counts
/// neither as up nor as down. Overlapping sessions and windows are merged first. No client with counted time
/// gives no figure (null), never 0 %.
/// </summary>
public static class UptimeCalculator
{
    public static UptimeFigure? Compute(
        IEnumerable<UptimeSession> sessions,
        DateTimeOffset from,
        DateTimeOffset to,
        IReadOnlyList<MaintenanceWindow> windows,
        GroupMatcher groups)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(groups);
        long up = 0, counted = 0;
        var clients = 0;
        foreach (var client in sessions.GroupBy(s => s.ClientId, StringComparer.Ordinal))
        {
            var start = Max(from, client.Min(s => s.ConnectedAt));
            if (start >= to)
            {
                continue;
            }

            var any = client.First();
            var planned = Merge(windows
                .Where(w => Covers(w, any, groups))
                .Select(w => (Max(w.From, start).UtcTicks, Min(w.EffectiveTo, to).UtcTicks)));
            var connected = Merge(client.Select(s => (Max(s.ConnectedAt, start).UtcTicks, Min(s.DisconnectedAt ?? to, to).UtcTicks)));
            var clientCounted = (to - start).Ticks - Length(planned);
            if (clientCounted <= 0)
            {
                continue;
            }

            clients++;
            counted += clientCounted;
            up += Length(connected) - Overlap(connected, planned);
        }

        return counted == 0
            ? null
            : new UptimeFigure(100.0 * up / counted, TimeSpan.FromTicks(up), TimeSpan.FromTicks(counted), clients);
    }

    /// <summary>Whether the window covers this client: by the group it falls in now, or by its client ID pattern.</summary>
    public static bool Covers(MaintenanceWindow window, UptimeSession client, GroupMatcher groups)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(groups);
        return window.Scope == MaintenanceScope.Group
            ? groups.IsIn(window.Target, client.ClientId, client.Username, client.PeerIp)
            : GlobPattern.TryParse(window.Target, out _)?.IsMatch(client.ClientId) == true;
    }

    /// <summary>Sorted, disjoint intervals from any (empty ones dropped).</summary>
    private static List<(long Start, long End)> Merge(IEnumerable<(long Start, long End)> intervals)
    {
        var merged = new List<(long Start, long End)>();
        foreach (var (start, end) in intervals.Where(i => i.End > i.Start).OrderBy(i => i.Start))
        {
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }

        return merged;
    }

    private static long Length(List<(long Start, long End)> intervals) => intervals.Sum(i => i.End - i.Start);

    /// <summary>The length two sets of sorted disjoint intervals share.</summary>
    private static long Overlap(List<(long Start, long End)> a, List<(long Start, long End)> b)
    {
        long shared = 0;
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            shared += Math.Max(0, Math.Min(a[i].End, b[j].End) - Math.Max(a[i].Start, b[j].Start));
            if (a[i].End < b[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return shared;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
