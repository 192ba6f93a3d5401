using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.History;
using Dashboard.Core.Refusals;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// Why connections were refused over a range (<see cref="RefusedView"/>): refused connects per reason
/// code over time, each code explained, the top offenders, the recent attempts and the authorization
/// denials. Re-read when the store says it has new access failures (at most every
/// <see cref="RefusedView.HistoryReread"/>), on its own period (so the frame moves on, and memory is
/// re-read with history off) and on every choice. The range, the attempts' filter and the offenders'
/// tab are the URL's query (<see cref="RefusedUrl"/>; other pages link here with <c>?clientId=</c>,
/// <c>?ip=</c>, <c>?reasonCode=</c>): a choice navigates, and the page shows whatever its URL says.
/// </summary>
public sealed partial class Refused
{
    /// <summary>The page's period: the frame moves once a bucket; with history off, memory is re-read this often.</summary>
    private static readonly TimeSpan TimerPeriod = TimeSpan.FromSeconds(5);

    private RefusedView _view = null!;
    private RefusedState _shown = RefusedState.Default;
    private bool _read;

    [Inject]
    public required RefusalCounter Counter { get; init; }

    /// <summary>History, or a disabled store when it is off (<c>History:Provider none</c>).</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    [Inject]
    public required ILogger<Refused> Logger { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = RefusedUrl.ClientIdName)]
    public string? ClientId { get; set; }

    [SupplyParameterFromQuery(Name = RefusedUrl.IpName)]
    public string? Ip { get; set; }

    [SupplyParameterFromQuery(Name = RefusedUrl.ReasonCodeName)]
    public string? ReasonCode { get; set; }

    [SupplyParameterFromQuery(Name = RefusedUrl.UsernameName)]
    public string? Username { get; set; }

    [SupplyParameterFromQuery(Name = RefusedUrl.KindName)]
    public string? Kind { get; set; }

    [SupplyParameterFromQuery(Name = RefusedUrl.TabName)]
    public string? Tab { get; set; }

    [SupplyParameterFromQuery(Name = RefusedUrl.GroupName)]
    public string? GroupParameter { get; set; }

    [Inject]
    public required Dashboard.Core.Groups.IDeviceGroups DeviceGroups { get; init; }

    protected override TimeSpan? TickPeriod => TimerPeriod;

    protected override bool ReadsRefused => History.IsEnabled;

    protected override void OnInitialized()
    {
        _view = new RefusedView(Counter, History, Time, Logger);
        base.OnInitialized();
    }

    /// <summary>The URL is the view: a pasted link, back and forward all land here. Another tab only shows what was read.</summary>
    protected override Task OnParametersSetAsync()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [RangeUrl.RangeName] = RangeParameter,
            [RangeUrl.FromName] = FromParameter,
            [RangeUrl.ToName] = ToParameter,
            [RefusedUrl.ClientIdName] = ClientId,
            [RefusedUrl.IpName] = Ip,
            [RefusedUrl.ReasonCodeName] = ReasonCode,
            [RefusedUrl.UsernameName] = Username,
            [RefusedUrl.KindName] = Kind,
            [RefusedUrl.TabName] = Tab,
            [RefusedUrl.GroupName] = GroupParameter,
        };
        var state = RefusedUrl.Read(values, Time.GetUtcNow(), out var problem, DeviceGroups.Current);
        if (_read && state == _shown)
        {
            return Task.CompletedTask;
        }

        // The picker has already changed the view's range: what was shown before is the URL's.
        var reread = !_read || state.Range != _shown.Range || state.Filter != _shown.Filter;
        (_shown, _read) = (state, true);
        _view.Show(state, problem);
        return reread ? ReloadAsync() : Task.CompletedTask;
    }

    protected override Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken) =>
        _view.ReadAsync(why, cancellationToken);

    /// <summary>Shows <paramref name="state"/> by navigating to its URL: a new history entry, so back undoes it.</summary>
    private void Go(RefusedState state) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(RefusedUrl.Parameters(state)));

    private void SelectRange() => Go(_shown with { Range = _view.Choice.Range });

    private void ApplyCustomRange()
    {
        if (_view.ApplyCustomRange())
        {
            Go(_shown with { Range = _view.Choice.Range });
        }
    }

    /// <summary>Another group (or none) for the attempts; the rest of the filter stays.</summary>
    private void SelectGroup(Dashboard.Core.Groups.GroupFilter? group) => Go(_shown with { Filter = _shown.Filter with { Group = group } });

    private void SelectTab(OffenderKey tab) => Go(_shown with { Tab = tab });

    /// <summary>A code clicked in the table: its attempts, or all again on a second click.</summary>
    private void FilterReasonCode(string reasonCode) =>
        Filter(_shown.Filter with { ReasonCode = reasonCode == _shown.Filter.ReasonCode ? null : reasonCode });

    /// <summary>A bar clicked in the chart: its code's attempts (a second click keeps them, unlike a row).</summary>
    private void ShowReasonCode(string reasonCode)
    {
        if (reasonCode != _shown.Filter.ReasonCode)
        {
            Filter(_shown.Filter with { ReasonCode = reasonCode });
        }
    }

    private void Filter(RefusedFilter filter) => Go(_shown with { Filter = filter });

    /// <summary>The inputs' values when Filter is clicked; a value that cannot be one stays on screen with its message.</summary>
    private void FilterTyped((string? ReasonCode, string? ClientId, string? Ip) typed)
    {
        if (_view.Typed(typed.ReasonCode, typed.ClientId, typed.Ip) is { } filter)
        {
            Filter(filter);
        }
    }
}
