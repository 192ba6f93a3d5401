using Dashboard.Core.Events;

namespace Dashboard.Core.History;

/// <summary>
/// The drill-down's summary of one client ID over a range: where it connected from, as whom, how
/// much of the range it was online, how often it disconnected and how long its sessions lasted.
/// Built from <see cref="SessionTimeline.Build"/>'s sessions, so it counts what the timeline shows.
/// </summary>
public sealed record ClientHistorySummary(
    IReadOnlyList<PeerSeen> Peers,
    IReadOnlyList<UsernameSeen> Usernames,
    int SessionCount,
    int DisconnectCount,
    TimeSpan OnlineTime,
    TimeSpan RangeLength,
    TimeSpan? MeanSessionLength)
{
    /// <summary>Share of the range (up to now) with a session open, 0–100; null for an empty range.</summary>
    public double? UptimePercent => RangeLength > TimeSpan.Zero ? 100.0 * OnlineTime / RangeLength : null;

    /// <summary>
    /// Summarises <paramref name="sessions"/> over [from, min(to, now)]. <paramref name="events"/>
    /// gives the disconnect count (each disconnect once, duplicates merged as the timeline does).
    /// Overlapping sessions (a takeover's old and new connection) count their overlap once.
    /// The mean length is over sessions whose both ends are known.
    /// </summary>
    public static ClientHistorySummary Build(
        IReadOnlyList<ClientSession> sessions,
        IReadOnlyList<StoredEvent> events,
        DateTimeOffset from,
        DateTimeOffset to,
        DateTimeOffset now)
    {
        var until = to < now ? to : now;
        var range = until > from ? until - from : TimeSpan.Zero;
        var disconnects = SessionTimeline.Distinct(events, from, to).Count(e => e.Kind == ConnectionEventKind.Disconnected);
        var lengths = sessions.Where(s => s.Duration is not null).Select(s => s.Duration!.Value).ToList();
        return new ClientHistorySummary(
            PeersOf(sessions),
            UsernamesOf(sessions),
            sessions.Count,
            disconnects,
            UnionLength(sessions, from, until),
            range,
            lengths.Count == 0 ? null : TimeSpan.FromTicks((long)lengths.Average(l => l.Ticks)));
    }

    private static List<PeerSeen> PeersOf(IReadOnlyList<ClientSession> sessions) => sessions
        .Where(s => s.PeerIp is not null)
        .GroupBy(s => s.PeerIp!, StringComparer.OrdinalIgnoreCase)
        .Select(g => new PeerSeen(
            g.Key,
            g.Where(s => s.PeerPort is not null).Select(s => s.PeerPort!.Value).Distinct().Order().ToList(),
            g.Count(),
            g.Min(s => s.Start),
            g.Max(s => s.Until)))
        .OrderByDescending(p => p.LastSeen)
        .ThenBy(p => p.PeerIp, StringComparer.Ordinal)
        .ToList();

    private static List<UsernameSeen> UsernamesOf(IReadOnlyList<ClientSession> sessions) => sessions
        .Where(s => s.Username is not null)
        .GroupBy(s => s.Username!, StringComparer.Ordinal)
        .Select(g => new UsernameSeen(g.Key, g.Count(), g.Min(s => s.Start), g.Max(s => s.Until)))
        .OrderByDescending(u => u.LastSeen)
        .ThenBy(u => u.Username, StringComparer.Ordinal)
        .ToList();

    /// <summary>The length of the union of the sessions' spans, clipped to [from, until].</summary>
    private static TimeSpan UnionLength(IReadOnlyList<ClientSession> sessions, DateTimeOffset from, DateTimeOffset until)
    {
        var total = TimeSpan.Zero;
        DateTimeOffset? coveredTo = null;
        foreach (var (start, end) in sessions
            .Select(s => (Start: Max(s.Start, from), End: Min(s.Until, until)))
            .Where(s => s.End > s.Start)
            .OrderBy(s => s.Start))
        {
            var countFrom = coveredTo is { } covered ? Max(start, covered) : start;
            if (end > countFrom)
            {
                total += end - countFrom;
                coveredTo = end;
            }
        }

        return total;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>An IP address the client connected from: the ports it used, how many sessions, first and last seen.</summary>
public sealed record PeerSeen(string PeerIp, IReadOnlyList<int> Ports, int SessionCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>A username the client connected with: how many sessions, first and last seen.</summary>
public sealed record UsernameSeen(string Username, int SessionCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);
