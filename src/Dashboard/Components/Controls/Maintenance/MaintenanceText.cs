using System.Globalization;
using Dashboard.Core.Maintenance;

namespace Dashboard.Components.Controls.Maintenance;

/// <summary>How a window in force reads on a banner: <c>planned maintenance: plant-3 until 14:00</c>, in the viewer's zone.</summary>
public static class MaintenanceText
{
    /// <summary>The end as a wall-clock time, with the day when it is not today (in that zone).</summary>
    public static string Until(MaintenanceWindow window, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(window);
        var end = TimeZoneInfo.ConvertTime(window.EffectiveTo, zone);
        var today = TimeZoneInfo.ConvertTime(now, zone);
        return end.ToString(end.Date == today.Date ? "HH:mm" : "d MMM HH:mm", CultureInfo.InvariantCulture);
    }

    public static string Banner(MaintenanceWindow window, DateTimeOffset now, TimeZoneInfo zone) =>
        $"planned maintenance: {window.Target} until {Until(window, now, zone)}";
}
