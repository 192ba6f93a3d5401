using System.Globalization;
using Dashboard.Core.Maintenance;

namespace Dashboard.ViewModels;

/// <summary>
/// The "plan a window" form on the Maintenance page: what is typed, with the times as the viewer's wall-clock
/// (an <c>input type=datetime-local</c> value, <c>2026-11-28T14:00</c>) turned into instants in their zone.
/// The rules are <see cref="MaintenancePlan"/>'s, checked by the service.
/// </summary>
public sealed class MaintenanceForm
{
    private const string LocalFormat = "yyyy-MM-ddTHH:mm";

    public string Scope { get; set; } = MaintenancePlan.Name(MaintenanceScope.ClientIdPattern);

    public string Target { get; set; } = "";

    public string From { get; set; } = "";

    public string To { get; set; } = "";

    public string Note { get; set; } = "";

    /// <summary>A fresh form: from now (to the minute) for an hour, in the viewer's zone.</summary>
    public static MaintenanceForm Starting(DateTimeOffset now, TimeZoneInfo zone)
    {
        var start = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), now.Offset);
        return new MaintenanceForm { From = ToLocal(start, zone), To = ToLocal(start.AddHours(1), zone) };
    }

    /// <summary>An instant as the viewer's wall-clock text for a datetime-local input.</summary>
    public static string ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(LocalFormat, CultureInfo.InvariantCulture);

    /// <summary>The viewer's wall-clock text as an instant; null when it is not one (the service then names the field).</summary>
    public static DateTimeOffset? FromLocal(string? text, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        // A time skipped by a clock change names no instant; take the one an hour on, as clocks do.
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            wall = wall.AddHours(1);
        }

        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }
}
