using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Refusals;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// The headline numbers for a TV across the room (<see cref="WallboardView"/>): read-only, its own
/// layout, everything sized in viewport units. Options come from the query string
/// (<see cref="WallboardOptions"/>). It runs unattended for days, so it keeps nothing that grows:
/// every refresh (live notification, "events stored" with history on, or the one-second tick of
/// <see cref="LivePage"/> that also drives rotation and the staleness alarm) re-reads bounded copies.
/// </summary>
public sealed partial class Wallboard
{
    private WallboardView _view = null!;

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required IngestDiagnostics Diagnostics { get; init; }

    [Inject]
    internal ConflictService ConflictService { get; init; } = null!;

    /// <summary>History, or a disabled store when it is off: the reasons chart reads it as /reasons does.</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    [Inject]
    public required ILogger<Wallboard> Logger { get; init; }

    /// <summary>The last hour's refused connects in memory (the refused panel), read on every one-second refresh.</summary>
    [Inject]
    public required RefusalCounter Refusals { get; init; }

    [CascadingParameter]
    public ViewerSettings? Viewer { get; set; }

    [SupplyParameterFromQuery(Name = "theme")]
    public string? Theme { get; set; }

    [SupplyParameterFromQuery(Name = "panels")]
    public string? Panels { get; set; }

    [SupplyParameterFromQuery(Name = "sets")]
    public string? Sets { get; set; }

    [SupplyParameterFromQuery(Name = "rotate")]
    public string? Rotate { get; set; }

    [SupplyParameterFromQuery(Name = "window")]
    public string? Window { get; set; }

    [SupplyParameterFromQuery(Name = "stale")]
    public string? Stale { get; set; }

    /// <summary>Group tiles, e.g. <c>?groups=plant-1,plant-2</c>, in rotating screens (<see cref="WallboardGroupPages"/>).</summary>
    [SupplyParameterFromQuery(Name = "groups")]
    public string? GroupNames { get; set; }

    protected override bool ReadsHistory => _view.ReadsHistory;

    private TimeZoneInfo Zone => ViewerSettings.ZoneOf(Viewer);

    protected override void OnInitialized()
    {
        _view = new WallboardView(LiveState, Diagnostics, ConflictService, History, Refusals, Time, Logger);
        base.OnInitialized();
    }

    /// <summary>The options, before the read that follows at once (<see cref="LivePage"/>) uses them.</summary>
    protected override void OnParametersSet()
    {
        _view.Options = WallboardOptions.Parse(Theme, Panels, Sets, Rotate, Window, Stale, GroupNames);
    }

    protected override Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken) =>
        _view.ReadAsync(why, cancellationToken);

    /// <summary>
    /// ApexCharts takes a height in pixels: sized for a 1080p screen (one row of panels or two),
    /// and wallboard.css zooms the chart on taller screens so a 4K TV shows the same picture.
    /// </summary>
    private static int ChartHeight(int panelsInSet) => panelsInSet <= 2 ? 640 : 300;

    private static string IncidentTitle(Incident incident) => FindingTexts.Title(incident.Kind);

    private static string PanelTitle(WallboardPanel panel) => panel switch
    {
        WallboardPanel.Online => "Online now",
        WallboardPanel.Rates => "Connects · disconnects per minute",
        WallboardPanel.Reasons => "Disconnect reasons",
        WallboardPanel.Conflicts => "Conflict loops and incidents",
        WallboardPanel.Refused => "Refused connections · last hour",
        _ => "Ingestion",
    };
}
