using Dashboard.Ingestion;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Emqx;

/// <summary>
/// When a reconcile runs by itself: once at start-up (after history has rebuilt live state and the
/// pipeline runs, so the listing merges with what we already knew), after the MQTT source reconnects,
/// and every <c>Emqx:ReconcileInterval</c> (zero: never). Nothing runs while the REST API is off.
/// A failed run is reported by the reconciler; the next trigger simply tries again.
/// </summary>
internal sealed class ReconcileTriggers(
    IReconciler reconciler,
    IOptions<EmqxOptions> options,
    MqttReconnects reconnects,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : BackgroundService
{
    public const string Startup = "startup";
    public const string Reconnect = "reconnect";
    public const string Interval = "interval";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.IsOn)
        {
            return;
        }

        // Several reconnects while a reconcile runs need one more run after it, not one each.
        var reconnected = new SemaphoreSlim(0, 1);
        void OnReconnected()
        {
            try
            {
                reconnected.Release();
            }
            catch (SemaphoreFullException)
            {
                // One is already pending.
            }
        }

        reconnects.Reconnected += OnReconnected;
        try
        {
            await WhenStartedAsync(stoppingToken);
            await reconciler.RunAsync(Startup, stoppingToken);

            using var timer = o.ReconcileInterval > TimeSpan.Zero ? new PeriodicTimer(o.ReconcileInterval, time) : null;
            var tick = timer?.WaitForNextTickAsync(stoppingToken).AsTask();
            Task? reconnect = null;
            while (true)
            {
                // Both waits are kept across turns: a wait dropped unfinished could swallow its signal.
                reconnect ??= reconnected.WaitAsync(stoppingToken);
                var first = tick is null ? await Task.WhenAny(reconnect) : await Task.WhenAny(tick, reconnect);
                string trigger;
                if (first == reconnect)
                {
                    await reconnect;
                    reconnect = null;
                    trigger = Reconnect;
                }
                else
                {
                    if (!await tick!)
                    {
                        return;
                    }

                    tick = timer!.WaitForNextTickAsync(stoppingToken).AsTask();
                    trigger = Interval;
                }

                await reconciler.RunAsync(trigger, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            reconnects.Reconnected -= OnReconnected;
            reconnected.Dispose();
        }
    }

    /// <summary>Every hosted service has started: history restored live state, the pipeline and the sources run.</summary>
    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }
}
