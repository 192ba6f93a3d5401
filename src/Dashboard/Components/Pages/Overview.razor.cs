using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Refusals;
using Dashboard.Groups;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// The headline numbers (<see cref="OverviewView"/>). Re-reads them on every live change, every
/// second as well so that the source state, the rates and the relative times move on when no events
/// arrive, and, with history on, when the store has new events (the reason chart's stored past).
/// With <c>group</c> in the URL, the online and known figures and the findings are that group's (from live state),
/// and with history on so are the rates, the reasons chart and refused connects (<see cref="OverviewGroupFigures"/>;
/// memory counts the whole fleet only); with history off those stay the fleet's and the page says so. Ingestion is the
/// fleet's. A moment (<c>at</c>) lists the group's clients only.
/// </summary>
public sealed partial class Overview
{
    /// <summary>A group's count walks every known client's identity: at most this often, however often the page reads (as the Groups page's figures).</summary>
    private static readonly TimeSpan GroupCountEvery = TimeSpan.FromSeconds(5);

    private OverviewView _view = null!;
    private OverviewGroupFigures _groupFigures = null!;
    private GroupFilter? _group;
    private Func<string, bool>? _inGroup;
    private GroupCount _groupCount;
    private DateTimeOffset? _countedAt;

    [SupplyParameterFromQuery(Name = "group")]
    public string? GroupParameter { get; set; }

    [Inject]
    public required IDeviceGroups DeviceGroups { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

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
        _groupFigures = new OverviewGroupFigures(History, Logger);
        base.OnInitialized();
    }

    /// <summary>A link's group (one not in force reads as none); a new one is counted at once.</summary>
    protected override void OnParametersSet()
    {
        base.OnParametersSet();
        var group = ReasonsUrl.ReadGroup(GroupParameter, DeviceGroups.Current);
        if (group != _group)
        {
            (_group, _inGroup, _countedAt) = (group, ClientGroup.Filter(LiveState, group), null);
            CountGroup();
        }
    }

    protected override async Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken)
    {
        await _view.ReadAsync(why, cancellationToken);
        CountGroup();
        if (_group is not null)
        {
            await _groupFigures.ReadAsync(_group, _view.ReasonRange, _view.Summary.At, cancellationToken);
        }
    }

    /// <summary>Whether the rates, the reasons chart and refused connects on screen are the group's (from history).</summary>
    private bool GroupFromHistory => _group is not null && _groupFigures.Available;

    /// <summary>The refused tile: the group's from history once read, else the fleet's from memory.</summary>
    private RefusalSummary RefusedShown => GroupFromHistory && _groupFigures.Refused is { } grouped ? grouped : _view.Refused;

    /// <summary>A moment's lists narrowed to the group, as /clients?at=...&amp;group= does.</summary>
    private ClientQuery MomentQuery => new() { Filters = ClientFilters.None with { Group = _group } };

    private void CountGroup()
    {
        var now = Time.GetUtcNow();
        if (_group is null || now - _countedAt < GroupCountEvery)
        {
            return;
        }

        _groupCount = LiveState.CountByGroup(_group.Matcher).GetValueOrDefault(_group.Name);
        _countedAt = now;
    }

    private void SelectGroup(GroupFilter? group) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("group", group?.Name));
}
