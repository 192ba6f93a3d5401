using Dashboard.Components.Controls.Charts;
using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.ViewModels;

/// <summary>
/// The drill-down's refused side: the client's access failures in the range (refused connects,
/// failed authentications, authorization denials), the timeline's refused marks, and whether the
/// client is known only from them (never online in live state or the history, but refused).
/// </summary>
public sealed partial class ClientDetailView
{
    /// <summary>The most access failures one load reads; past it the oldest of the range are left out, and the page says so.</summary>
    public const int FailureLimit = 2000;

    private DateTimeOffset _chartFrom;
    private DateTimeOffset _chartTo;

    /// <summary>This client's access failures in the range, newest first.</summary>
    public IReadOnlyList<StoredAccessFailure> Failures { get; private set; } = [];

    /// <summary>The timeline's marks: runs of refused attempts (<see cref="RefusedMarks"/>), oldest first.</summary>
    public IReadOnlyList<RefusedMarks.Group> RefusedGroups { get; private set; } = [];

    public bool FailuresTruncated => Failures.Count >= FailureLimit;

    /// <summary>Refused connects (connack failures) in the range, one per attempt.</summary>
    public int RefusedCount => Failures.Count(f => f.Event.Kind == AccessEventKind.Connack);

    /// <summary>The viewer's zone, for the times in the marks' texts; UTC until the page says otherwise.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Whether the timeline has anything to draw: sessions or refused marks.</summary>
    public bool HasTimeline => Sessions.Count > 0 || RefusedGroups.Count > 0;

    /// <summary>The maintenance windows covering this client in [from, until), to shade on the timeline; null: none.</summary>
    public Func<DateTimeOffset, DateTimeOffset, IReadOnlyList<Core.Maintenance.MaintenanceWindow>>? MaintenanceFor { get; set; }

    /// <summary>Sets the viewer's zone; the marks' texts follow without a new read.</summary>
    public void SetZone(TimeZoneInfo zone)
    {
        if (zone.Equals(Zone))
        {
            return;
        }

        Zone = zone;
        if (LoadedAt != default)
        {
            BuildChart();
        }
    }

    private async Task<IReadOnlyList<StoredAccessFailure>> ReadFailuresAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await history.GetAccessFailuresAsync(new AccessFailureFilter(from, to, FailureLimit) { ClientId = ClientId }, cancellationToken);

    private void BuildChart()
    {
        RefusedGroups = RefusedMarks.GroupsOf(Failures, Sessions);
        var until = _chartTo < Now ? _chartTo : Now;
        var axisUntil = until > _chartFrom ? until : _chartTo;
        DateTimeOffset? firstMark = RefusedGroups.Count == 0 ? null : RefusedGroups[0].First;
        var axisStart = SessionTimelineChart.AxisStart(_chartFrom, axisUntil, Sessions, firstMark);
        ChartOptions = SessionTimelineChart.OptionsFor(_chartFrom, axisUntil, Sessions, firstMark, MaintenanceFor?.Invoke(axisStart, axisUntil));
        // No empty series beside the marks of a client never online: ApexCharts would still give it a slot.
        IReadOnlyList<SessionTimelineChart.Series> sessions = Sessions.Count == 0 && RefusedGroups.Count > 0 ? [] : SessionTimelineChart.SeriesOf(Sessions);
        ChartSeries = RefusedGroups.Count == 0
            ? sessions
            : [.. sessions, RefusedMarks.SeriesOf(RefusedGroups, SessionTimelineChart.AxisStart(_chartFrom, axisUntil, Sessions, firstMark), axisUntil, Zone)];
        var rows = SessionTimelineChart.RowsOf(Sessions).Concat(RefusedGroups.Select(g => g.Row)).Distinct(StringComparer.Ordinal).Count();
        ChartHeight = SessionTimelineChart.HeightFor(rows);
    }
}
