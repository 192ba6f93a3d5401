using Dashboard.Core.Maintenance;

namespace Dashboard.Maintenance;

/// <summary>
/// Registers maintenance windows: the in-memory calendar (as <see cref="IMaintenanceCalendar"/> for the
/// detector, uptime and charts) and the service that fills it. Register after history: the windows load
/// once the store is ready.
/// </summary>
internal static class MaintenanceServices
{
    public static void AddMaintenance(this IServiceCollection services)
    {
        services.AddSingleton<MaintenanceCalendar>();
        services.AddSingleton<IMaintenanceCalendar>(sp => sp.GetRequiredService<MaintenanceCalendar>());
        services.AddSingleton<MaintenanceService>();
        services.AddHostedService(sp => sp.GetRequiredService<MaintenanceService>());
    }
}
