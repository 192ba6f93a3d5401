namespace Dashboard.Core.Maintenance;

/// <summary>
/// The maintenance windows the rest of the dashboard consults: incidents and alerts ask whether a disconnect was
/// planned, uptime leaves planned time out, charts shade the windows of their range.
/// </summary>
public interface IMaintenanceCalendar
{
    /// <summary>True when a window in force at <paramref name="at"/> covers this client (by its group or its ID).</summary>
    bool IsPlanned(string clientId, string? username, string? ip, DateTimeOffset at);

    /// <summary>Windows that overlap [rangeStart, rangeEnd), oldest first, including ended ones.</summary>
    IReadOnlyList<MaintenanceWindow> Overlapping(DateTimeOffset rangeStart, DateTimeOffset rangeEnd);

    event Action? Changed;
}
