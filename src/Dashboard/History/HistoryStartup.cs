using System.Diagnostics;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Hosting.Health;
using Dashboard.Ingestion;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.History;

/// <summary>
/// Prepares the store and rebuilds live state from it before any source connects, so a restart
/// shows the fleet as it was rather than an empty one. Registered before the sources: hosted
/// services start in order, and the web server starts after all of them.
/// </summary>
internal sealed partial class HistoryStartup(
    IHistoryStore store,
    LiveState state,
    IOptions<HistoryOptions> options,
    TimeProvider time,
    StartupReadiness readiness,
    HistoryCatchUp catchUp,
    ILogger<HistoryStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!store.IsEnabled)
        {
            Log.Off(logger);
            readiness.MarkReady();
            return;
        }

        var watch = Stopwatch.StartNew();
        await store.InitializeAsync(cancellationToken);

        // Anything older has been pruned anyway, and an online client's connect can be that old.
        var since = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        catchUp.MarkHistoryRead(time.GetUtcNow());
        var seed = await store.LoadLiveStateSeedAsync(since, cancellationToken);
        state.Restore(seed.Select(e => e.Event).ToList());
        var summary = state.GetSummary();
        Log.Ready(logger, store.Provider, seed.Count, watch.ElapsedMilliseconds, summary.Online, summary.Known);
        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "History is off (History:Provider none): nothing is kept, and live state starts empty")]
        public static partial void Off(ILogger logger);

        [LoggerMessage(Level = LogLevel.Information, Message = "History ({Provider}) ready; live state rebuilt from {Events} events in {Elapsed} ms: {Online} online, {Known} known")]
        public static partial void Ready(ILogger logger, string provider, int events, long elapsed, int online, int known);
    }
}
