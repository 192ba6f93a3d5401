using System.Collections.Concurrent;
using Dashboard.Core.Events;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Maintenance;

namespace Dashboard.Groups;

/// <summary>A group's uptime over one span; <see cref="Partial"/> when the read stopped at the cap, so the figure covers less than the span.</summary>
public sealed record UptimeSpan(string Span, double? Percent, int Clients, bool Partial);

/// <summary>
/// Uptime % per group over 24 h, 7 d and 30 d (<see cref="UptimeCalculator"/>), maintenance windows covering a client
/// left out, cached per group for <see cref="CacheFor"/>. From the sessions rollup (<see cref="IGroupSessions"/>) when
/// the store has it: the sessions overlapping the span and each client's latest before it, so a client down since
/// before the span counts as down all along and one that comes back counts as down from the span's start; at most
/// <see cref="MaxSessions"/> sessions in client order, beyond which the figure covers the clients read and says it is
/// partial. Until the rollup is filled: sessions rebuilt from the group's events in the span (at most
/// <see cref="MaxEvents"/>, oldest first; beyond that the figure covers up to the last event read), plus the sessions
/// open now of clients with no event in the span.
/// </summary>
internal sealed class GroupUptimeService(IDeviceGroups groups, LiveState live, IHistoryStore history, IMaintenanceCalendar maintenance, TimeProvider time)
{
    public const int MaxEvents = 200_000;

    public const int MaxSessions = 200_000;

    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private static readonly (string Name, TimeSpan Length)[] Spans = [("24h", TimeSpan.FromDays(1)), ("7d", TimeSpan.FromDays(7)), ("30d", TimeSpan.FromDays(30))];

    private readonly ConcurrentDictionary<string, (GroupMatcher Matcher, DateTimeOffset At, IReadOnlyList<UptimeSpan> Spans)> _cache = new(StringComparer.OrdinalIgnoreCase);

    public bool Available => history.IsEnabled && history is IGroupHistory;

    /// <summary>The group's uptime over each span, or null when the group is unknown or history is off.</summary>
    public async Task<IReadOnlyList<UptimeSpan>?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var matcher = groups.Current;
        if (!Available || matcher.Find(name) is not { } group)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(group.Name, out var hit) && ReferenceEquals(hit.Matcher, matcher) && now - hit.At < CacheFor)
        {
            return hit.Spans;
        }

        var open = live.OpenSessions(matcher, group.Name);
        var spans = new List<UptimeSpan>(Spans.Length);
        foreach (var (span, length) in Spans)
        {
            spans.Add(await ComputeAsync(span, now - length, now, new GroupFilter(matcher, group.Name), open, cancellationToken));
        }

        _cache[group.Name] = (matcher, now, spans);
        return spans;
    }

    private async Task<UptimeSpan> ComputeAsync(string span, DateTimeOffset from, DateTimeOffset to, GroupFilter filter, IReadOnlyList<UptimeSession> open, CancellationToken cancellationToken)
    {
        if (history is IGroupSessions rollup && await rollup.GetGroupSessionsAsync(from, to, filter, MaxSessions + 1, cancellationToken) is { } rolled)
        {
            // Over the cap, the last client's sessions may be cut short: it is left out with the clients not read.
            var partial = rolled.Count > MaxSessions;
            var rows = partial ? rolled.Where(s => s.ClientId != rolled[^1].ClientId) : rolled;
            var fromRollup = UptimeCalculator.Compute(rows, from, to, maintenance.Overlapping(from, to), filter.Matcher);
            return new UptimeSpan(span, fromRollup?.Percent, fromRollup?.Clients ?? 0, partial);
        }

        var sessions = new List<UptimeSession>();
        var current = new Dictionary<string, UptimeSession>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var read = 0;
        var end = to;
        await foreach (var stored in ((IGroupHistory)history).ExportAsync(from, to, null, filter, cancellationToken))
        {
            var e = stored.Event;
            if (++read > MaxEvents)
            {
                end = e.EventTime;
                break;
            }

            var first = seen.Add(e.ClientId);
            if (e.Kind == ConnectionEventKind.Connected)
            {
                Close(e.ClientId, e.EventTime);
                current[e.ClientId] = new UptimeSession(e.ClientId, e.Username, e.PeerIp, e.ConnectedAt ?? e.EventTime, null);
            }
            else if (!Close(e.ClientId, e.EventTime) && first)
            {
                // The first event in the span ends a session: the client was up since before the span.
                var since = e.ConnectedAt is { } c && c < e.EventTime ? c : from;
                sessions.Add(new UptimeSession(e.ClientId, e.Username, e.PeerIp, since, e.EventTime));
            }
        }

        sessions.AddRange(current.Values);
        sessions.AddRange(open.Where(s => !seen.Contains(s.ClientId)));
        var figure = UptimeCalculator.Compute(sessions, from, end, maintenance.Overlapping(from, end), filter.Matcher);
        return new UptimeSpan(span, figure?.Percent, figure?.Clients ?? 0, read > MaxEvents);

        bool Close(string clientId, DateTimeOffset at)
        {
            if (!current.Remove(clientId, out var session))
            {
                return false;
            }

            sessions.Add(session with { DisconnectedAt = at });
            return true;
        }
    }
}
