namespace Dashboard.Core.Groups;

/// <summary>A history with a sessions rollup: a group's sessions around a span, for uptime (<see cref="UptimeCalculator"/>).</summary>
public interface IGroupSessions
{
    /// <summary>
    /// The sessions of the group's clients (each judged by its connect's client ID, username and peer) that overlap
    /// [<paramref name="from"/>, <paramref name="until"/>), and for each such client known before <paramref name="from"/>
    /// its latest session that began before it, so a client that was down when the span began counts as down from
    /// there; by client ID then start, at most <paramref name="limit"/>. Null while the rollup is still being filled.
    /// </summary>
    Task<IReadOnlyList<UptimeSession>?> GetGroupSessionsAsync(DateTimeOffset from, DateTimeOffset until, GroupFilter group, int limit, CancellationToken cancellationToken);
}
