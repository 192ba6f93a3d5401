using Dashboard.Conflicts;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingestion;

/// <summary>Runs the one ingestion consumer and the change notifier for the app's lifetime.</summary>
internal sealed partial class PipelineService(
    IngestChannel channel,
    LiveState state,
    ChangeNotifier notifier,
    HistoryStatus historyStatus,
    TimeProvider time,
    IHistoryStore history,
    ConflictService conflicts,
    IOptions<IngestOptions> options,
    ILogger<PipelineService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pipeline = new EventPipeline(
            channel.Reader, state, notifier, history, historyStatus, time, options.Value.MaxBatchSize, conflicts.Apply,
            onHistoryWarning: (message, exception) => Log.HistoryWarning(logger, exception, message));
        try
        {
            await Task.WhenAll(pipeline.RunAsync(stoppingToken), notifier.RunAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            // Nothing else applies events: if this dies, the dashboard is blind. Say so loudly.
            Log.Stopped(logger, ex);
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
        public static partial void HistoryWarning(ILogger logger, Exception? exception, string message);

        [LoggerMessage(Level = LogLevel.Critical, Message = "The event pipeline stopped")]
        public static partial void Stopped(ILogger logger, Exception exception);
    }
}
