namespace Dashboard.Core.Maintenance;

/// <summary>A calendar without windows: nothing is ever planned.</summary>
public sealed class NoMaintenance : IMaintenanceCalendar
{
    public bool IsPlanned(string clientId, string? username, string? ip, DateTimeOffset at) => false;

    public IReadOnlyList<MaintenanceWindow> Overlapping(DateTimeOffset rangeStart, DateTimeOffset rangeEnd) => [];

    public event Action? Changed
    {
        add { }
        remove { }
    }
}
