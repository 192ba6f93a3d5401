using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Ranges;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// Why clients disconnect over a range (<see cref="ReasonsView"/>): the stacked chart, a table of
/// every reason with its share, its trend against the previous equal range, and what it means;
/// clicking a reason lists the clients behind it (from history). Ranges inside the live window are
/// read from memory and follow every live change; what comes from history is re-read when the
/// store has new events, at a bounded pace.
/// </summary>
public sealed partial class Reasons
{
    private static readonly TimeSpan TimerPeriod = TimeSpan.FromSeconds(5);

    private ReasonsView _view = null!;

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required ILogger<Reasons> Logger { get; init; }

    /// <summary>History, or a disabled store when it is off (<c>History:Provider none</c>).</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    protected override TimeSpan? TickPeriod => TimerPeriod;

    protected override bool ReadsHistory => History.IsEnabled;

    protected override void OnInitialized()
    {
        _view = new ReasonsView(LiveState, History, Time, Logger);
        base.OnInitialized();
    }

    protected override Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken) =>
        _view.ReadAsync(why, cancellationToken);

    /// <summary>A new range: read everything again, superseding reads in progress.</summary>
    private Task SelectRangeAsync()
    {
        _view.RangeChanged();
        return ReloadAsync();
    }

    private async Task ApplyCustomRangeAsync()
    {
        if (_view.ApplyCustomRange())
        {
            await ReloadAsync();
        }
    }

    private Task SelectReasonAsync(string reason) => _view.SelectReasonAsync(reason, ReadCancellation);

    private Task ShowReasonAsync(string reason) => _view.ShowReasonAsync(reason, ReadCancellation);
}
