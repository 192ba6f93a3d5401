using Dashboard.Core.Maintenance;
using Dashboard.Core.Reasons;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Controls.Charts;

/// <summary>
/// Stacked bars of disconnects per reason (or refused connects per reason code) per bucket (<see cref="ReasonsChartData"/>). Series and
/// options are rebuilt only when a new bucket list or range arrives, so a page re-rendering every
/// second for its clocks costs the chart nothing; <see cref="ApexChart"/> updates it in place at
/// most every 200 ms. The maintenance windows of the range are shaded; a new or ended window shows with
/// the page's next render (the calendar is in memory, so asking it each time costs nothing).
/// </summary>
public sealed partial class ReasonsChart
{
    private string _label = string.Empty;
    private IReadOnlyList<ReasonBucket>? _lastBuckets;
    private (DateTimeOffset, DateTimeOffset, TimeSpan) _lastRange;
    private object? _options;
    private object? _series;
    private IReadOnlyList<MaintenanceWindow> _lastWindows = [];

    /// <summary>Every bucket of the range, oldest first (empty ones included, so quiet times show).</summary>
    [Parameter, EditorRequired]
    public required IReadOnlyList<ReasonBucket> Buckets { get; set; }

    [Parameter, EditorRequired]
    public DateTimeOffset From { get; set; }

    [Parameter, EditorRequired]
    public DateTimeOffset To { get; set; }

    [Parameter, EditorRequired]
    public TimeSpan Bucket { get; set; }

    [Parameter]
    public int Height { get; set; } = 300;

    [Parameter]
    public string? TestId { get; set; } = "reasons-chart";

    /// <summary>Whether the buckets count refused connects per reason code rather than disconnects per reason.</summary>
    [Parameter]
    public bool Refusals { get; set; }

    /// <summary>Called with the reason of a clicked bar (set it before the first render; the chart is wired once).</summary>
    [Parameter]
    public EventCallback<string> OnReasonClick { get; set; }

    [Inject]
    private IMaintenanceCalendar Maintenance { get; set; } = default!;

    protected override void OnParametersSet()
    {
        var range = (From, To, Bucket);
        if (!ReferenceEquals(Buckets, _lastBuckets))
        {
            _lastBuckets = Buckets;
            _series = ReasonsChartData.SeriesOf(Buckets, Refusals);
            _label = ReasonsChartData.Describe(Buckets, Refusals);
        }

        var windows = Maintenance.Overlapping(From, To);
        if (range != _lastRange || _options is null || !windows.SequenceEqual(_lastWindows))
        {
            _lastRange = range;
            _lastWindows = windows;
            _options = ReasonsChartData.OptionsFor(From, To, Bucket, Refusals, windows);
        }
    }
}
