using System.Diagnostics;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.History;

/// <summary>
/// Prepares the store and rebuilds live state from it before any source connects, so a restart
/// shows the fleet as it was rather than an empty one. Registered before the sources: hosted
/// services start in order, and the web server starts after all of them.
/// </summary>
internal sealed class HistoryStartup(
    IHistoryStore store,
    LiveState state,
    IOptions<HistoryOptions> options,
    TimeProvider time,
    ILogger<HistoryStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!store.IsEnabled)
        {
            logger.LogInformation("History is off (History:Provider none): nothing is kept, and live state starts empty");
            return;
        }

        var watch = Stopwatch.StartNew();
        await store.InitializeAsync(cancellationToken);

        // Anything older has been pruned anyway, and an online client's connect can be that old.
        var since = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var seed = await store.LoadLiveStateSeedAsync(since, cancellationToken);
        state.Restore(seed.Select(e => e.Event).ToList());
        var summary = state.GetSummary();
        logger.LogInformation(
            "History ({Provider}) ready; live state rebuilt from {Events} events in {Elapsed} ms: {Online} online, {Known} known",
            store.Provider, seed.Count, watch.ElapsedMilliseconds, summary.Online, summary.Known);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
