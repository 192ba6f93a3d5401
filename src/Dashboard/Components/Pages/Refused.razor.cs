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
/// re-read with history off) and on every choice. <c>?clientId=</c>, <c>?ip=</c> and <c>?reasonCode=</c>
/// set the attempts' filter on first load, so other pages can link here; the state stays in memory.
/// </summary>
public sealed partial class Refused
{
    /// <summary>The page's period: the frame moves once a bucket; with history off, memory is re-read this often.</summary>
    private static readonly TimeSpan TimerPeriod = TimeSpan.FromSeconds(5);

    private RefusedView _view = null!;

    [Inject]
    public required RefusalCounter Counter { get; init; }

    /// <summary>History, or a disabled store when it is off (<c>History:Provider none</c>).</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    [Inject]
    public required ILogger<Refused> Logger { get; init; }

    [SupplyParameterFromQuery(Name = "clientId")]
    public string? ClientId { get; set; }

    [SupplyParameterFromQuery(Name = "ip")]
    public string? Ip { get; set; }

    [SupplyParameterFromQuery(Name = "reasonCode")]
    public string? ReasonCode { get; set; }

    protected override TimeSpan? TickPeriod => TimerPeriod;

    protected override bool ReadsRefused => History.IsEnabled;

    protected override void OnInitialized()
    {
        _view = new RefusedView(Counter, History, Time, Logger);
        _view.SetFilter(ReasonCode, ClientId, Ip);
        base.OnInitialized();
    }

    protected override Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken) =>
        _view.ReadAsync(why, cancellationToken);

    private async Task ApplyCustomRangeAsync()
    {
        if (_view.ApplyCustomRange())
        {
            await ReloadAsync();
        }
    }

    /// <summary>A code clicked in the table or the chart: its attempts, or all again on a second click in the table.</summary>
    private Task FilterReasonCodeAsync(string reasonCode) =>
        FilterAsync(_view.Filter with { ReasonCode = reasonCode == _view.Filter.ReasonCode ? null : reasonCode });

    /// <summary>A bar clicked in the chart: its code's attempts (a second click keeps them, unlike a row).</summary>
    private Task ShowReasonCodeAsync(string reasonCode) =>
        reasonCode == _view.Filter.ReasonCode ? Task.CompletedTask : FilterAsync(_view.Filter with { ReasonCode = reasonCode });

    private Task FilterAsync(RefusedFilter filter)
    {
        _view.SetFilter(filter);
        return ReloadAsync();
    }

    private async Task FilterTypedAsync((string? ReasonCode, string? ClientId, string? Ip) typed)
    {
        if (_view.SetFilter(typed.ReasonCode, typed.ClientId, typed.Ip))
        {
            await ReloadAsync();
        }
    }
}
