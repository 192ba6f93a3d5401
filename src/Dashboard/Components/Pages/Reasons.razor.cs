using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// Why clients disconnect over a range (<see cref="ReasonsView"/>): the stacked chart, a table of
/// every reason with its share, its trend against the previous equal range, and what it means;
/// clicking a reason lists the clients behind it (from history). Ranges inside the live window are
/// read from memory and follow every live change; what comes from history is re-read when the
/// store has new events, at a bounded pace. The range and the selected reason are the URL's query
/// (<see cref="ReasonsUrl"/>): a choice navigates, and the page shows whatever its URL says, so a
/// pasted link, back and forward all open the same view.
/// </summary>
public sealed partial class Reasons
{
    private static readonly TimeSpan TimerPeriod = TimeSpan.FromSeconds(5);

    private ReasonsView _view = null!;
    private ReasonsState _shown = ReasonsState.Default;
    private bool _read;

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required ILogger<Reasons> Logger { get; init; }

    /// <summary>History, or a disabled store when it is off (<c>History:Provider none</c>).</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = ReasonsUrl.ReasonName)]
    public string? ReasonParameter { get; set; }

    [SupplyParameterFromQuery(Name = ReasonsUrl.GroupName)]
    public string? GroupParameter { get; set; }

    [Inject]
    public required IDeviceGroups DeviceGroups { get; init; }

    protected override TimeSpan? TickPeriod => TimerPeriod;

    protected override bool ReadsHistory => History.IsEnabled;

    protected override void OnInitialized()
    {
        _view = new ReasonsView(LiveState, History, Time, Logger);
        base.OnInitialized();
    }

    /// <summary>The URL is the view: a pasted link, back and forward all land here; the same URL again reads nothing.</summary>
    protected override Task OnParametersSetAsync()
    {
        var state = ReasonsUrl.Read(RangeParameter, FromParameter, ToParameter, ReasonParameter, Time.GetUtcNow(), GroupParameter, DeviceGroups.Current);
        if (_read && state == _shown)
        {
            return Task.CompletedTask;
        }

        (_shown, _read) = (state, true);
        _view.Show(state);
        return ReloadAsync();
    }

    protected override Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken) =>
        _view.ReadAsync(why, cancellationToken);

    /// <summary>Shows <paramref name="state"/> by navigating to its URL: a new history entry, so back undoes it.</summary>
    private void Go(ReasonsState state) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(ReasonsUrl.Parameters(state)));

    /// <summary>The range picker chose a preset; the selected reason stays, its clients are read for the new range.</summary>
    private void SelectRange() => Go(_shown with { Range = _view.Range });

    private void ApplyCustomRange()
    {
        if (_view.ApplyCustomRange())
        {
            Go(_shown with { Range = _view.Range });
        }
    }

    /// <summary>Another group (or none): the selected reason stays.</summary>
    private void SelectGroup(GroupFilter? group) => Go(_shown with { Group = group });

    /// <summary>A row was clicked: its reason's clients, or none again on a second click.</summary>
    private void SelectReason(string reason) => Go(_shown with { Reason = reason == _shown.Reason ? null : reason });

    /// <summary>A bar in the chart was clicked: its reason's clients (a second click keeps them, unlike a row).</summary>
    private void ShowReason(string reason)
    {
        if (reason != _shown.Reason)
        {
            Go(_shown with { Reason = reason });
        }
    }
}
