using Dashboard.Core.Ingestion;

namespace Dashboard.Ingestion;

/// <summary>
/// The clean stop of ingestion, in its order. At <c>ApplicationStopping</c> the input closes: the
/// webhook answers 503, the MQTT source takes (and acknowledges) nothing more, the reconciler writes
/// no more corrections, and the ingestion channel is completed. The pipeline then drains the channel:
/// applies, stores and acknowledges what was in it, and says so here (<see cref="MarkDrained"/>).
/// Only then may the MQTT source disconnect, since its acknowledgements need the connection.
/// <para>
/// The host stops its services in reverse registration order, Kestrel first, so the order cannot
/// come from registration: every service that must come after the drain waits for it in its
/// <c>StopAsync</c> (<see cref="WaitUntilDrainedAsync"/>), at most until the host's own stop token
/// fires (<c>Shutdown:Timeout</c>). Then the pipeline is abandoned where it is: what it had not
/// acknowledged is delivered again after the restart, and the store recognises what it already has.
/// </para>
/// </summary>
internal sealed partial class IngestShutdown : IDisposable
{
    private readonly IngestChannel _channel;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestShutdown> _logger;
    private readonly CancellationTokenSource _inputClosed = new();
    private readonly CancellationTokenSource _abandoned = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private PipelineProgress? _progress;
    private long _closedAt;
    private long _doneAtClose;
    private long _failedAtClose;

    public IngestShutdown(IngestChannel channel, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<IngestShutdown> logger)
    {
        _channel = channel;
        _time = time;
        _logger = logger;
        lifetime.ApplicationStopping.Register(CloseInput);
    }

    /// <summary>True once the input is closed: sources take nothing more.</summary>
    public bool IsInputClosed => _inputClosed.IsCancellationRequested;

    /// <summary>Fires when the host waits no longer for the drain: the pipeline stops where it is.</summary>
    public CancellationToken Abandoned => _abandoned.Token;

    /// <summary>Completes once the pipeline has drained the closed channel (or ended otherwise).</summary>
    public Task Drained => _drained.Task;

    /// <summary>The pipeline whose figures the stop's log reports.</summary>
    public void Attach(PipelineProgress progress) => _progress = progress;

    /// <summary>Step 1 of the stop; idempotent.</summary>
    public void CloseInput()
    {
        lock (_gate)
        {
            if (_inputClosed.IsCancellationRequested)
            {
                return;
            }

            _closedAt = _time.GetTimestamp();
            _doneAtClose = _progress?.ItemsDone ?? 0;
            _failedAtClose = _progress?.AcknowledgementsFailed ?? 0;
            _inputClosed.Cancel();

            // Said before the channel completes, so that this line comes before the drain's, always.
            Log.InputClosed(_logger, _channel.Backlog);
            _channel.Close();
        }
    }

    /// <summary>Steps 2 to 4 are done: called once, by the pipeline, when it has ended.</summary>
    public void MarkDrained()
    {
        if (IsInputClosed && !_abandoned.IsCancellationRequested && !_drained.Task.IsCompleted)
        {
            // Said before the waiters go on, so that these lines come before the disconnect's.
            var done = (_progress?.ItemsDone ?? 0) - _doneAtClose;
            var failed = (_progress?.AcknowledgementsFailed ?? 0) - _failedAtClose;
            var elapsedMs = (long)_time.GetElapsedTime(_closedAt).TotalMilliseconds;
            Log.Drained(_logger, done, elapsedMs);
            Log.Acknowledged(_logger, done - failed, failed);
        }

        _drained.TrySetResult();
    }

    /// <summary>
    /// Closes the input if that has not happened yet, and waits for the drain until
    /// <paramref name="hostStopping"/> fires; then abandons it. Never throws.
    /// </summary>
    public async Task WaitUntilDrainedAsync(CancellationToken hostStopping)
    {
        CloseInput();
        try
        {
            await _drained.Task.WaitAsync(hostStopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (hostStopping.IsCancellationRequested)
        {
            lock (_gate)
            {
                if (_abandoned.IsCancellationRequested)
                {
                    return;
                }

                _abandoned.Cancel();
            }

            Log.Abandoned(_logger, _channel.Backlog);
        }
    }

    public void Dispose()
    {
        _inputClosed.Dispose();
        _abandoned.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: input closed (the webhook answers 503, the MQTT source reads no more); {Waiting} events wait in the channel")]
        public static partial void InputClosed(ILogger logger, int waiting);

        [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: drained {Count} events in {ElapsedMs} ms, applied and stored")]
        public static partial void Drained(ILogger logger, long count, long elapsedMs);

        [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: acknowledged {Acknowledged} events to their sources; {Failed} acknowledgements failed (those are delivered again after the restart)")]
        public static partial void Acknowledged(ILogger logger, long acknowledged, long failed);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: Shutdown:Timeout reached before the drain ended; {Waiting} events left in the channel are not acknowledged and are delivered again after the restart")]
        public static partial void Abandoned(ILogger logger, int waiting);
    }
}
