using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Refusals;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// The headline numbers (<see cref="OverviewView"/>). Re-reads them on every live change, every
/// second as well so that the source state, the rates and the relative times move on when no events
/// arrive, and, with history on, when the store has new events (the reason chart's stored past).
/// </summary>
public sealed partial class Overview
{
    private OverviewView _view = null!;

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required IngestDiagnostics Diagnostics { get; init; }

    [Inject]
    public required IngestChannel Channel { get; init; }

    /// <summary>History, or a disabled store when it is off: the reasons chart reads it as /reasons does.</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    [Inject]
    public required ILogger<Overview> Logger { get; init; }

    /// <summary>The last hour's refused connects in memory (the tile), read on every refresh: the one-second tick keeps it live.</summary>
    [Inject]
    public required RefusalCounter Refusals { get; init; }

    protected override bool ReadsHistory => _view.ReadsHistory;

    protected override void OnInitialized()
    {
        _view = new OverviewView(LiveState, Diagnostics, Channel, History, Refusals, Logger);
        base.OnInitialized();
    }

    protected override Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken) =>
        _view.ReadAsync(why, cancellationToken);
}
