using Dashboard.Components.Controls.Formatting;
using Dashboard.Core.History;

namespace Dashboard.Components.Controls.Charts;

/// <summary>
/// The drill-down's session timeline as ApexCharts takes it: a horizontal rangeBar with one row
/// per peer IP (so two devices sharing a client ID show as two alternating rows, and a reconnect
/// loop from one device as one busy row), one bar per session from connect to disconnect,
/// coloured by how it ended (<see cref="SessionEndings"/>), with the details in the tooltip.
/// </summary>
public static class SessionTimelineChart
{
    /// <summary>The row of sessions whose peer is not known (a <c>$SYS</c>-less disconnect without peer).</summary>
    public const string UnknownPeer = "unknown peer";

    private const int RowHeight = 40;
    private const int AxisHeight = 90;

    /// <summary>One bar: x is the row (peer IP), y the span in Unix milliseconds.</summary>
    public sealed record Bar(string X, long[] Y, string FillColor, string Ending, IReadOnlyList<string> Details);

    public sealed record Series(string Name, IReadOnlyList<Bar> Data);

    /// <summary>One series holding every session, oldest first.</summary>
    public static IReadOnlyList<Series> SeriesOf(IReadOnlyList<ClientSession> sessions) =>
    [
        new Series("sessions", sessions.Select(BarOf).ToList()),
    ];

    /// <summary>The rows, in the order they first appear.</summary>
    public static IReadOnlyList<string> RowsOf(IReadOnlyList<ClientSession> sessions) =>
        sessions.Select(RowOf).Distinct(StringComparer.Ordinal).ToList();

    public static int HeightFor(int rows) => AxisHeight + (Math.Max(rows, 1) * RowHeight);

    /// <summary>
    /// Options for the range [from, until]; the axis reads in the browser's time zone (the viewer's), tooltips give UTC. The x axis starts a
    /// little before the first session rather than at <paramref name="from"/>: a client first seen a
    /// minute ago would otherwise be a sliver at the edge of a 24-hour axis.
    /// </summary>
    /// <param name="firstMark">The earliest refused mark (<see cref="RefusedMarks"/>), which the axis shows too; null for none.</param>
    /// <param name="maintenance">Maintenance windows covering this client, shaded (<see cref="MaintenanceShading"/>).</param>
    public static object OptionsFor(DateTimeOffset from, DateTimeOffset until, IReadOnlyList<ClientSession> sessions, DateTimeOffset? firstMark = null,
        IReadOnlyList<Core.Maintenance.MaintenanceWindow>? maintenance = null) => new
    {
        chart = new
        {
            type = "rangeBar",
            animations = new { enabled = false },
            toolbar = new { show = true, tools = new { download = false, selection = false, pan = true, zoom = true, zoomin = true, zoomout = true, reset = true } },
            zoom = new { enabled = true, type = "x" },
            fontFamily = "inherit",
        },
        plotOptions = new { bar = new { horizontal = true, barHeight = "70%", rangeBarGroupRows = true } },
        xaxis = new
        {
            type = "datetime",
            min = AxisStart(from, until, sessions, firstMark).ToUnixTimeMilliseconds(),
            max = until.ToUnixTimeMilliseconds(),
            labels = new { datetimeUTC = false },
        },
        yaxis = new { labels = new { maxWidth = 240 } },
        dataLabels = new { enabled = false },
        legend = new { show = false },
        grid = new { xaxis = new { lines = new { show = true } } },
        states = new { hover = new { filter = new { type = "darken", value = 0.85 } } },
        interop = new { tooltip = "details" },
        annotations = new { xaxis = MaintenanceShading.Bands(maintenance ?? [], AxisStart(from, until, sessions, firstMark), until) },
    };

    /// <summary>The first session's start less 5 % of what follows it (at least a minute), never before the range.</summary>
    internal static DateTimeOffset AxisStart(DateTimeOffset from, DateTimeOffset until, IReadOnlyList<ClientSession> sessions, DateTimeOffset? firstMark = null)
    {
        if (sessions.Count == 0 && firstMark is null)
        {
            return from;
        }

        var first = sessions.Count == 0 ? firstMark!.Value : sessions.Min(s => s.Start);
        if (firstMark is { } mark && mark < first)
        {
            first = mark;
        }

        var margin = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, (until - first).Ticks / 20));
        var start = first - margin;
        return start > from ? start : from;
    }

    private static string RowOf(ClientSession session) => session.PeerIp ?? UnknownPeer;

    private static Bar BarOf(ClientSession session)
    {
        var start = session.Start.ToUnixTimeMilliseconds();

        // A bar must have some width to be seen and hovered: at least a second.
        var end = Math.Max(session.Until.ToUnixTimeMilliseconds(), start + 1000);
        return new Bar(RowOf(session), [start, end], SessionEndings.ColorOf(session.Ending), session.Ending, DetailsOf(session));
    }

    private static List<string> DetailsOf(ClientSession session)
    {
        var details = new List<string> { session.Ending };
        if (SessionEndings.Explain(session.Ending) is { } explanation)
        {
            details.Add(explanation);
        }

        var from = session.ConnectedAt is { } connectedAt ? DisplayFormat.UtcIso(connectedAt) : $"before {DisplayFormat.UtcIso(session.Start)}";
        var to = session.End is { } end ? DisplayFormat.UtcIso(end) : "now";
        var length = session.Duration is { } duration ? $" ({DurationFormat.Compact(duration)})" : string.Empty;
        details.Add($"{from} → {to}{length}");
        details.Add(Party("peer", session.PeerIp, session.PeerPort, session.Username, session.Node));
        if (session.ReplacedBy is { } replacement)
        {
            details.Add(Party("replaced by", replacement.PeerIp, replacement.PeerPort, replacement.Username, replacement.Node));
        }

        return details;
    }

    private static string Party(string label, string? ip, int? port, string? username, string? node) =>
        $"{label} {DisplayFormat.Peer(ip, port)} · user {DisplayFormat.Text(username)} · node {DisplayFormat.Text(node)}";
}
