using Dashboard.Core.Groups;
using Dashboard.Groups;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Controls.Groups;

/// <summary>
/// One screen of the wallboard's group tiles (<c>/wallboard?groups=plant-1,plant-2</c>; the page picks the screen,
/// <see cref="Pages.WallboardGroupPages"/>): online / known, disconnects in the last hour, active findings and uptime
/// over 24 h per named group, re-read every few seconds (the figures are cached that long anyway) and when the
/// screen changes. A name that is no group shows as "unknown group".
/// </summary>
public sealed partial class WallboardGroupTiles
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<Tile> _tiles = [];
    private IReadOnlyList<string> _loadedFor = [];

    /// <summary>The group names on this screen, as the URL has them.</summary>
    [Parameter]
    public IReadOnlyList<string> Names { get; set; } = [];

    /// <summary>"groups 5–8 of 12" while screens rotate; null when every name is on this one.</summary>
    [Parameter]
    public string? ScreenLabel { get; set; }

    [Inject]
    internal GroupStatsService Stats { get; set; } = null!;

    [Inject]
    internal GroupUptimeService Uptime { get; set; } = null!;

    [Inject]
    internal TimeProvider Time { get; set; } = null!;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (!_loadedFor.SequenceEqual(Names))
        {
            _loadedFor = Names;
            await ReadAsync();
        }
    }

    protected override void OnInitialized() => _ = RefreshLoopAsync();

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(Refresh, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await InvokeAsync(async () =>
                {
                    await ReadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private async Task ReadAsync()
    {
        var stats = await Stats.GetAsync(_stop.Token);
        var tiles = new List<Tile>();
        foreach (var name in Names)
        {
            var figures = stats.Groups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
            var uptime = figures is not null && await Uptime.GetAsync(figures.Name, _stop.Token) is { Count: > 0 } spans ? spans[0].Percent : null;
            tiles.Add(new Tile(figures?.Name ?? name, figures, uptime));
        }

        _tiles = tiles;
    }

    private sealed record Tile(string Name, GroupFigures? Figures, double? Uptime24h);
}
