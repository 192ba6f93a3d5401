using System.Globalization;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;

namespace Dashboard.Components.Controls.Charts;

/// <summary>
/// Refused attempts (connack failures) on the drill-down's timeline: consecutive attempts from one
/// peer with one reason code become one mark, "3 refused (bad_username_or_password) between 10:02:13
/// and 10:05:40", on that peer's row, so they sit between its sessions. A new mark starts when the
/// reason code changes (so each mark has one meaning and one piece of advice) or when a session
/// starts in between (the attempts around a successful connect are two episodes). Failed
/// authentications and denials are in the events table, not marked: each refused CONNECT also fails
/// authentication, and marking both would count every attempt twice.
/// </summary>
public static class RefusedMarks
{
    /// <summary>The colour of a refused mark: none of the session endings' colours.</summary>
    public const string Color = "#c2185b";

    /// <summary>What a refused bar's ending says (and the legend).</summary>
    public const string Label = "refused";

    // A mark must be wide enough to see and hover on the whole axis: 1/150 of it, at least a second.
    private const int MinWidthFraction = 150;

    /// <summary>One run of refused attempts from one peer with one reason code.</summary>
    public sealed record Group(string Row, string ReasonCode, int Count, DateTimeOffset First, DateTimeOffset Last, string? PeerIp, IReadOnlyList<string> Usernames);

    /// <summary>The marks, oldest first, from the failures (any order) and the sessions of the same range.</summary>
    public static IReadOnlyList<Group> GroupsOf(IReadOnlyList<StoredAccessFailure> failures, IReadOnlyList<ClientSession> sessions)
    {
        var refused = failures
            .Where(f => f.Event.Kind == AccessEventKind.Connack)
            .OrderBy(f => f.Event.EventTime)
            .ThenBy(f => f.Id)
            .Select(f => f.Event);
        var starts = sessions.Where(s => s.ConnectedAt is not null).Select(s => s.ConnectedAt!.Value).Order().ToList();
        var open = new Dictionary<string, (Builder Group, int StartsBefore)>(StringComparer.Ordinal);
        var groups = new List<Builder>();
        var startsBefore = 0;
        foreach (var attempt in refused)
        {
            while (startsBefore < starts.Count && starts[startsBefore] <= attempt.EventTime)
            {
                startsBefore++;
            }

            var row = attempt.PeerIp ?? SessionTimelineChart.UnknownPeer;
            var reason = attempt.ReasonCode ?? DisplayFormat.Missing;
            if (open.TryGetValue(row, out var current) && current.Group.ReasonCode == reason && current.StartsBefore == startsBefore)
            {
                current.Group.Add(attempt);
                continue;
            }

            var group = new Builder(row, reason, attempt);
            groups.Add(group);
            open[row] = (group, startsBefore);
        }

        return groups.Select(g => g.Build()).ToList();
    }

    /// <summary>The marks as a rangeBar series of their own, on the rows the sessions use.</summary>
    public static SessionTimelineChart.Series SeriesOf(IReadOnlyList<Group> groups, DateTimeOffset axisFrom, DateTimeOffset axisUntil, TimeZoneInfo zone)
    {
        var minWidth = Math.Max(1000, (long)(axisUntil - axisFrom).TotalMilliseconds / MinWidthFraction);
        return new SessionTimelineChart.Series(Label, groups.Select(g =>
        {
            var start = g.First.ToUnixTimeMilliseconds();
            var end = Math.Max(g.Last.ToUnixTimeMilliseconds(), start + minWidth);
            return new SessionTimelineChart.Bar(g.Row, [start, end], Color, Label, DetailsOf(g, zone));
        }).ToList());
    }

    /// <summary>"3 refused (bad_username_or_password) between 10:02:13 and 10:05:40", in the viewer's zone.</summary>
    public static string Summary(Group group, TimeZoneInfo zone)
    {
        var first = TimeZoneInfo.ConvertTime(group.First, zone);
        var last = TimeZoneInfo.ConvertTime(group.Last, zone);
        var zoneLabel = ViewerSettings.ZoneLabel(zone);
        if (group.Count == 1 || first == last)
        {
            return $"{DisplayFormat.Number(group.Count)} refused ({group.ReasonCode}) at {Clock(first, true)} {zoneLabel}";
        }

        return $"{DisplayFormat.Number(group.Count)} refused ({group.ReasonCode}) between {Clock(first, true)} and {Clock(last, first.Date != last.Date)} {zoneLabel}";
    }

    private static string Clock(DateTimeOffset local, bool withDate) =>
        local.ToString(withDate ? "yyyy-MM-dd HH:mm:ss" : "HH:mm:ss", CultureInfo.InvariantCulture);

    private static List<string> DetailsOf(Group group, TimeZoneInfo zone)
    {
        var info = ReasonCatalog.DescribeRefusal(group.ReasonCode);
        var details = new List<string>
        {
            Summary(group, zone),
            info.Explanation,
            $"What to do: {info.Advice}",
            $"peer {DisplayFormat.Text(group.PeerIp)} · user {(group.Usernames.Count == 0 ? DisplayFormat.Missing : string.Join(", ", group.Usernames))}",
        };
        return details;
    }

    private sealed class Builder(string row, string reasonCode, AccessEvent first)
    {
        private readonly List<string> _usernames = first.Username is { Length: > 0 } name ? [name] : [];
        private int _count = 1;
        private DateTimeOffset _last = first.EventTime;

        public string ReasonCode => reasonCode;

        public void Add(AccessEvent attempt)
        {
            _count++;
            _last = attempt.EventTime;
            AddUsername(attempt.Username);
        }

        public Group Build()
        {
            return new Group(row, reasonCode, _count, first.EventTime, _last, first.PeerIp, _usernames.Order(StringComparer.Ordinal).ToList());
        }

        // A few names at most: a brute force through many usernames would otherwise fill the tooltip.
        private void AddUsername(string? username)
        {
            if (username is { Length: > 0 } && _usernames.Count < 5 && !_usernames.Contains(username, StringComparer.Ordinal))
            {
                _usernames.Add(username);
            }
        }
    }
}
