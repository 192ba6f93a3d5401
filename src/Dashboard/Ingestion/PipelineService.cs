using Dashboard.Conflicts;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingestion;

/// <summary>
/// Runs the one ingestion consumer and the change notifier for the app's lifetime. At a stop the
/// pipeline is not cancelled: it runs on until the closed channel is drained (see
/// <see cref="IngestShutdown"/>), or until the host waits no longer.
/// </summary>
internal sealed partial class PipelineService(
    IngestChannel channel,
    LiveState state,
    ChangeNotifier notifier,
    HistoryStatus historyStatus,
    TimeProvider time,
    IHistoryStore history,
    ConflictService conflicts,
    IngestShutdown shutdown,
    IngestDiagnostics diagnostics,
    IOptions<IngestOptions> options,
    IEnumerable<IAccessFailureObserver> accessObservers,
    ILogger<PipelineService> logger) : BackgroundService
{
    /// <summary>One callback for every registered observer, or none when there are none.</summary>
    private static Action<IReadOnlyList<Core.Events.AccessEvent>>? ObserversOf(IEnumerable<IAccessFailureObserver> observers)
    {
        var all = observers.ToArray();
        return all.Length == 0 ? null : failures =>
        {
            foreach (var observer in all)
            {
                observer.Observe(failures);
            }
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pipeline = new EventPipeline(
            channel.Reader, state, notifier, history, historyStatus, time, options.Value.MaxBatchSize, conflicts.Apply,
            onHistoryWarning: (message, exception) => Log.HistoryWarning(logger, exception, message), accessCounts: diagnostics.Access,
            onAccessFailures: ObserversOf(accessObservers));
        shutdown.Attach(pipeline.Progress);
        var notifying = notifier.RunAsync(stoppingToken);
        try
        {
            // Returns once the channel is completed (the input closed) and everything in it is stored and acknowledged.
            await pipeline.RunAsync(shutdown.Abandoned);
        }
        catch (OperationCanceledException) when (shutdown.Abandoned.IsCancellationRequested)
        {
            // The host gave up waiting for the drain; what is not acknowledged is delivered again.
        }
        catch (Exception ex)
        {
            // Nothing else applies events: if this dies, the dashboard is blind. Say so loudly.
            Log.Stopped(logger, ex);
            throw;
        }
        finally
        {
            shutdown.MarkDrained();
        }

        try
        {
            await notifying;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await shutdown.WaitUntilDrainedAsync(cancellationToken);
        await base.StopAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
        public static partial void HistoryWarning(ILogger logger, Exception? exception, string message);

        [LoggerMessage(Level = LogLevel.Critical, Message = "The event pipeline stopped")]
        public static partial void Stopped(ILogger logger, Exception exception);
    }
}
