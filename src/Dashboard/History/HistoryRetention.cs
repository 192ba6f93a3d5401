using Dashboard.Core.Actions;
using Dashboard.Core.Errors;
using Dashboard.Core.History;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.History;

/// <summary>
/// Deletes events older than <c>History:RetentionDays</c>, a small batch at a time with pauses
/// between, so the one writer (the pipeline) is never held up for long.
/// </summary>
internal sealed partial class HistoryRetention(
    IHistoryStore store,
    IOptions<HistoryOptions> options,
    HistoryStatus status,
    TimeProvider time,
    ILogger<HistoryRetention> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PauseBetweenBatches = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!store.IsEnabled)
        {
            return;
        }

        try
        {
            await Task.Delay(FirstRunDelay, time, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await PruneOnceAsync(store, stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Prunes until nothing older than the retention is left.</summary>
    public async Task<int> PruneOnceAsync(IHistoryStore store, CancellationToken cancellationToken)
    {
        var batchSize = options.Value.PruneBatchSize;
        var cutoff = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var total = 0;
        try
        {
            int deleted;
            do
            {
                deleted = await store.PruneAsync(cutoff, batchSize, cancellationToken);
                total += deleted;
                await Task.Delay(PauseBetweenBatches, time, cancellationToken);
            }
            while (deleted == batchSize);

            // Refused connections follow the same retention, in the same small batches.
            var accessFailures = 0;
            do
            {
                deleted = await store.PruneAccessFailuresAsync(cutoff, batchSize, cancellationToken);
                accessFailures += deleted;
                await Task.Delay(PauseBetweenBatches, time, cancellationToken);
            }
            while (deleted == batchSize);

            if (accessFailures > 0)
            {
                Log.PrunedAccessFailures(logger, accessFailures, cutoff);
            }

            // The audit log follows the same retention; it grows by people's actions, so one delete suffices.
            if (store is IActionStoreOwner { Actions: var actions })
            {
                if (await actions.PruneAuditAsync(cutoff, cancellationToken) is > 0 and var auditRows)
                {
                    Log.PrunedAudit(logger, auditRows, cutoff);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reference = ErrorSummary.NewReference();
            status.RecordFailure($"pruning: {ErrorSummary.ForUsers(ex, reference)}", time.GetUtcNow());
            Log.PruneFailed(logger, ex, reference);
        }

        if (total > 0)
        {
            Log.Pruned(logger, total, cutoff);
        }

        return total;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning history failed; it will be tried again ({Reference})")]
        public static partial void PruneFailed(ILogger logger, Exception exception, string reference);

        [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} events older than {Cutoff:u}")]
        public static partial void Pruned(ILogger logger, int count, DateTimeOffset cutoff);

        [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} refused connections and other access failures older than {Cutoff:u}")]
        public static partial void PrunedAccessFailures(ILogger logger, int count, DateTimeOffset cutoff);

        [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} audit rows older than {Cutoff:u}")]
        public static partial void PrunedAudit(ILogger logger, int count, DateTimeOffset cutoff);
    }
}
