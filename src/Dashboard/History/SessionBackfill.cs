using System.Diagnostics;
using Dashboard.Core.Errors;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>
/// Fills the sessions rollup from the events a database held before the rollup existed: one pass in client order,
/// <see cref="ClientsPerStep"/> clients per transaction, so memory stays bounded and the pipeline's batches (which
/// keep the rollup right for the clients they touch) wait at most one step. Until it finishes, "online at a moment"
/// reads the events as before. Registered after <see cref="HistoryStartup"/>, so the schema is in place.
/// </summary>
internal sealed partial class SessionBackfill(IHistoryStore store, HistoryStatus status, TimeProvider time, ILogger<SessionBackfill> logger) : BackgroundService
{
    public const int ClientsPerStep = 1000;

    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!store.IsEnabled || store is not ISessionRollup { KeepsSessions: true } rollup)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(rollup, stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var reference = ErrorSummary.NewReference();
                status.RecordFailure($"sessions backfill: {ErrorSummary.ForUsers(ex, reference)}", time.GetUtcNow());
                Log.Failed(logger, ex, reference);
                await Task.Delay(RetryAfter, time, stoppingToken);
            }
        }
    }

    /// <summary>Runs the backfill to the end (from where it stopped, if it ran before); returns the clients and rows it filled.</summary>
    public async Task<(int Clients, long Rows)> RunAsync(ISessionRollup rollup, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var lastLog = TimeSpan.Zero;
        int steps = 0;
        long rows = 0;
        while (true)
        {
            var step = await rollup.BackfillStepAsync(ClientsPerStep, cancellationToken);
            if (step.Done)
            {
                break;
            }

            if (steps++ == 0)
            {
                Log.Started(logger);
            }

            rows += step.Rows;
            if (watch.Elapsed - lastLog >= TimeSpan.FromSeconds(30))
            {
                lastLog = watch.Elapsed;
                Log.Progress(logger, steps * ClientsPerStep, rows, step.UpTo ?? "", (long)watch.Elapsed.TotalSeconds);
            }
        }

        if (steps > 0)
        {
            Log.Finished(logger, steps * ClientsPerStep, rows, watch.ElapsedMilliseconds);
        }

        return (steps * ClientsPerStep, rows);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Sessions rollup: filling it from the stored events, in client order; \"online at a moment\" reads the events until it is done")]
        public static partial void Started(ILogger logger);

        [LoggerMessage(Level = LogLevel.Information, Message = "Sessions rollup: about {Clients} clients and {Rows} sessions so far (up to client ID {UpTo}), {Seconds} s")]
        public static partial void Progress(ILogger logger, int clients, long rows, string upTo, long seconds);

        [LoggerMessage(Level = LogLevel.Information, Message = "Sessions rollup filled: at most {Clients} clients, {Rows} sessions, in {Elapsed} ms")]
        public static partial void Finished(ILogger logger, int clients, long rows, long elapsed);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Filling the sessions rollup failed; it will go on from where it stopped ({Reference})")]
        public static partial void Failed(ILogger logger, Exception exception, string reference);
    }
}
