using Dashboard.Core.Emqx;
using Dashboard.Core.Errors;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Emqx;

/// <summary>
/// Runs reconciles of the online set against EMQX's listing (<see cref="ReconcileRun"/> does the
/// merge), one at a time: a call while one runs joins it and gets its report. The run belongs to the
/// app, not to the caller, so a caller that gives up (a closed request) does not stop it for the others.
/// Each finished or failed run is logged and given to <see cref="IEmqxStatus"/> when there is one.
/// A run ends at <c>ApplicationStopping</c>, when the input closes (see <see cref="Ingestion.IngestShutdown"/>):
/// it writes no more corrections, and the next start's reconcile makes up for the rest.
/// </summary>
internal sealed partial class Reconciler(
    EmqxApiClient api,
    LiveState state,
    IngestChannel channel,
    TimeProvider time,
    IOptions<IngestOptions> ingest,
    IOptions<MqttOptions> mqtt,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<Reconciler> logger) : IReconciler
{
    private readonly Lock _gate = new();
    private Task<ReconcileReport>? _running;

    public Task<ReconcileReport> RunAsync(string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        Task<ReconcileReport> run;
        lock (_gate)
        {
            if (_running is null || _running.IsCompleted)
            {
                _running = Task.Run(() => RunOnceAsync(trigger), CancellationToken.None);
            }

            run = _running;
        }

        return run.WaitAsync(cancellationToken);
    }

    private async Task<ReconcileReport> RunOnceAsync(string trigger)
    {
        var stopping = lifetime.ApplicationStopping;
        var figures = new ReconcileFigures();
        if (!api.IsOn)
        {
            return Report(figures, trigger, EmqxOptions.HowToTurnOn);
        }

        string? error = null;
        try
        {
            var own = mqtt.Value.Enabled ? mqtt.Value.ClientId : null;
            await new ReconcileRun(state, channel.Writer, time, ingest.Value.MaxClockSkew, own)
                .RunAsync(api.ListConnectedAsync(stopping), figures, stopping);
        }
        catch (System.Threading.Channels.ChannelClosedException) when (stopping.IsCancellationRequested)
        {
            // The channel closed under a correction on its way in: the stop, not a failure.
            throw new OperationCanceledException(stopping);
        }
        catch (EmqxApiException ex)
        {
            // EMQX's own code and message (or "could not be reached"): safe to show, and what a user needs.
            error = ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reference = ErrorSummary.NewReference();
            Log.Crashed(logger, ex, trigger, reference);
            error = $"The reconcile failed unexpectedly ({reference}; see the dashboard's log).";
        }

        var report = Report(figures, trigger, error);
        if (error is null)
        {
            Log.Finished(logger, trigger, report.BrokerOnline, report.MarkedOnline, report.MarkedOffline, report.Unchanged, report.Pages, report.DurationMs);
        }
        else
        {
            Log.Failed(logger, trigger, report.Pages, report.BrokerOnline, report.MarkedOnline, error);
        }

        services.GetService<IEmqxStatus>()?.RecordReconcile(report);
        return report;
    }

    private ReconcileReport Report(ReconcileFigures f, string trigger, string? error) => new(
        f.BrokerOnline, f.MarkedOnline, f.MarkedOffline, f.Unchanged, f.Pages, f.DurationMs,
        f.StartedAt == default ? time.GetUtcNow() : f.StartedAt, trigger, error);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile ({Trigger}): EMQX lists {BrokerOnline} connected; {MarkedOnline} marked online, {MarkedOffline} marked offline, {Unchanged} unchanged; {Pages} pages in {DurationMs} ms")]
        public static partial void Finished(ILogger logger, string trigger, int brokerOnline, int markedOnline, int markedOffline, int unchanged, int pages, long durationMs);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile ({Trigger}) stopped after {Pages} pages ({BrokerOnline} listed, {MarkedOnline} marked online, none marked offline): {Error}")]
        public static partial void Failed(ILogger logger, string trigger, int pages, int brokerOnline, int markedOnline, string error);

        [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile ({Trigger}) failed unexpectedly ({Reference})")]
        public static partial void Crashed(ILogger logger, Exception exception, string trigger, string reference);
    }
}
