using Dashboard.Core.Maintenance;

namespace Dashboard.Components.Controls.Charts;

/// <summary>
/// Maintenance windows as ApexCharts x-axis annotations: a shaded band from each window's start to its
/// effective end, clipped to the chart's range. The label is our own constant text, never the window's
/// target or note: no user text reaches the chart, whatever ApexCharts does with a label.
/// </summary>
public static class MaintenanceShading
{
    public const string Label = "planned maintenance";

    private const string Fill = "#90caf9";

    /// <summary>One band per window, oldest first; an empty list draws nothing.</summary>
    public static object[] Bands(IReadOnlyList<MaintenanceWindow> windows, DateTimeOffset from, DateTimeOffset to) =>
    [
        .. windows.Select(w => new
        {
            x = Math.Max(w.From.ToUnixTimeMilliseconds(), from.ToUnixTimeMilliseconds()),
            x2 = Math.Min(w.EffectiveTo.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds()),
            fillColor = Fill,
            opacity = 0.25,
            borderColor = Fill,
            label = new { text = Label, orientation = "horizontal", style = new { background = Fill, color = "#0d47a1" } },
        }),
    ];
}
