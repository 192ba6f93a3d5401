using Dashboard.Core.Notifications;

namespace Dashboard.Components.Controls.Refresh;

/// <summary>
/// Keeps a component current: it runs the component's refresh on live-change notifications, on
/// "events stored" notifications when asked to, and, when a period is given, on a timer (so
/// relative times and source states move on while no events arrive). The refresh runs on the
/// component's dispatcher (<c>InvokeAsync</c>) and is told which of these caused it.
/// Requests that come while a refresh is still running fold into one more run after it, with
/// their triggers merged: slow renders never pile up, the latest change is never lost, and the
/// notifier never waits for a slow circuit. A refresh that throws is handed to <c>onError</c>
/// (pass the component's <c>DispatchExceptionAsync</c>, so it surfaces like any render error
/// instead of vanishing in a timer thread). Dispose it in the component's <c>DisposeAsync</c>:
/// it stops everything. <see cref="LivePage"/> wraps it for pages.
/// </summary>
public sealed class LiveRefresh : IAsyncDisposable, IDisposable
{
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Func<LiveTriggers, Task> _refresh;
    private readonly Func<Exception, Task> _onError;
    private readonly Lock _gate = new();
    private readonly IDisposable? _changes;
    private readonly IDisposable? _stored;
    private readonly IDisposable? _refusedStored;
    private readonly ITimer? _timer;
    private LiveTriggers _pending;
    private bool _running;
    private volatile bool _disposed;

    /// <param name="notifier">Null to refresh on the timer only.</param>
    /// <param name="time">The clock that drives the timer.</param>
    /// <param name="period">Null for notifications only.</param>
    /// <param name="dispatch">The component's <c>InvokeAsync</c>.</param>
    /// <param name="refresh">Re-reads state and re-renders; runs on the component's dispatcher.</param>
    /// <param name="onError">The component's <c>DispatchExceptionAsync</c>.</param>
    /// <param name="accepts">Which live changes concern the component (e.g. one client's); null for all.</param>
    /// <param name="acceptsStored">Which "events stored" signals concern it; null to not listen for them.</param>
    /// <param name="acceptsRefusedStored">Which "access failures stored" signals concern it (a <see cref="LiveTriggers.Stored"/> refresh, throttled the same way); null to not listen.</param>
    public LiveRefresh(
        ChangeNotifier? notifier,
        TimeProvider time,
        TimeSpan? period,
        Func<Func<Task>, Task> dispatch,
        Func<LiveTriggers, Task> refresh,
        Func<Exception, Task> onError,
        Func<LiveChange, bool>? accepts = null,
        Func<LiveChange, bool>? acceptsStored = null,
        Func<LiveChange, bool>? acceptsRefusedStored = null)
    {
        _dispatch = dispatch;
        _refresh = refresh;
        _onError = onError;
        _changes = notifier?.Subscribe(change => OnSignal(change, accepts, LiveTriggers.Change));
        if (acceptsStored is not null)
        {
            _stored = notifier?.SubscribeStored(change => OnSignal(change, acceptsStored, LiveTriggers.Stored));
        }

        if (acceptsRefusedStored is not null)
        {
            _refusedStored = notifier?.SubscribeRefusedStored(change => OnSignal(change, acceptsRefusedStored, LiveTriggers.Stored));
        }

        if (period is { } every)
        {
            _timer = time.CreateTimer(static state => ((LiveRefresh)state!).Request(LiveTriggers.Tick), this, every, every);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _changes?.Dispose();
        _stored?.Dispose();
        _refusedStored?.Dispose();
        _timer?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _changes?.Dispose();
        _stored?.Dispose();
        _refusedStored?.Dispose();
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }
    }

    private Task OnSignal(LiveChange change, Func<LiveChange, bool>? accepts, LiveTriggers trigger)
    {
        if (accepts is null || accepts(change))
        {
            Request(trigger);
        }

        return Task.CompletedTask;
    }

    /// <summary>At most one run in progress and one queued behind it (with every trigger since), however many requests arrive.</summary>
    private void Request(LiveTriggers trigger)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _pending |= trigger;
            if (_running)
            {
                return;
            }

            _running = true;
        }

        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        while (true)
        {
            LiveTriggers triggers;
            lock (_gate)
            {
                if (_pending == LiveTriggers.None || _disposed)
                {
                    _running = false;
                    return;
                }

                (triggers, _pending) = (_pending, LiveTriggers.None);
            }

            await RunOnceAsync(triggers);
        }
    }

    /// <summary>One refresh on the dispatcher; never throws (errors go to the component).</summary>
    private async Task RunOnceAsync(LiveTriggers triggers)
    {
        try
        {
            await _dispatch(() => RefreshIfLiveAsync(triggers));
        }
        catch (Exception) when (_disposed)
        {
            // The component went away while the refresh was on its way: nothing left to update.
        }
        catch (ObjectDisposedException)
        {
            // The renderer is gone (circuit closed) before this component was disposed.
        }
    }

    private async Task RefreshIfLiveAsync(LiveTriggers triggers)
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await _refresh(triggers);
        }
        catch (OperationCanceledException)
        {
            // A newer refresh (or the user) superseded this one.
        }
        catch (Exception ex) when (!_disposed)
        {
            await _onError(ex);
        }
    }
}
