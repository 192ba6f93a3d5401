using Dashboard.Core.Notifications;

namespace Dashboard.Components.Controls.Refresh;

/// <summary>
/// Keeps a component current: it runs the component's refresh on every live-change notification
/// and, when a period is given, on a timer (so relative times and source states move on while no
/// events arrive). The refresh runs on the component's dispatcher (<c>InvokeAsync</c>).
/// Requests that come while a refresh is still running fold into one more run after it: slow
/// renders never pile up, the latest change is never lost, and the notifier never waits for a
/// slow circuit. A refresh that throws is handed to <c>onError</c> (pass the component's
/// <c>DispatchExceptionAsync</c>, so it surfaces like any render error instead of vanishing in a
/// timer thread). Dispose it in the component's <c>DisposeAsync</c>: it stops both.
/// </summary>
public sealed class LiveRefresh : IAsyncDisposable, IDisposable
{
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Func<Task> _refresh;
    private readonly Func<Exception, Task> _onError;
    private readonly Func<LiveChange, bool>? _accepts;
    private readonly Coalescer _onChange;
    private readonly Coalescer _onTick;
    private readonly IDisposable? _subscription;
    private readonly ITimer? _timer;
    private volatile bool _disposed;

    /// <param name="notifier">Null to refresh on the timer only.</param>
    /// <param name="time">The clock that drives the timer.</param>
    /// <param name="period">Null for notifications only.</param>
    /// <param name="dispatch">The component's <c>InvokeAsync</c>.</param>
    /// <param name="refresh">Re-reads state and re-renders; runs on the component's dispatcher.</param>
    /// <param name="onError">The component's <c>DispatchExceptionAsync</c>.</param>
    /// <param name="accepts">Which changes concern the component (e.g. one client's); null for all.</param>
    public LiveRefresh(
        ChangeNotifier? notifier,
        TimeProvider time,
        TimeSpan? period,
        Func<Func<Task>, Task> dispatch,
        Func<Task> refresh,
        Func<Exception, Task> onError,
        Func<LiveChange, bool>? accepts = null)
    {
        _accepts = accepts;
        _dispatch = dispatch;
        _refresh = refresh;
        _onError = onError;
        _onChange = new Coalescer(this);
        _onTick = new Coalescer(this);
        _subscription = notifier?.Subscribe(OnChangeAsync);
        if (period is { } every)
        {
            _timer = time.CreateTimer(static state => ((LiveRefresh)state!)._onTick.Request(), this, every, every);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        _timer?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _subscription?.Dispose();
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }
    }

    private Task OnChangeAsync(LiveChange change)
    {
        if (_accepts is not null && !_accepts(change))
        {
            return Task.CompletedTask;
        }

        _onChange.Request();
        return Task.CompletedTask;
    }

    /// <summary>One refresh on the dispatcher; never throws (errors go to the component).</summary>
    private async Task RunOnceAsync()
    {
        try
        {
            await _dispatch(RefreshIfLiveAsync);
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

    private async Task RefreshIfLiveAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await _refresh();
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

    /// <summary>At most one run in progress and one queued behind it, however many requests arrive.</summary>
    private sealed class Coalescer(LiveRefresh owner)
    {
        private const int Idle = 0;
        private const int Running = 1;
        private const int Queued = 2;

        private int _state;

        public void Request()
        {
            while (!owner._disposed)
            {
                var state = Volatile.Read(ref _state);
                if (state == Queued)
                {
                    return;
                }

                if (Interlocked.CompareExchange(ref _state, state == Idle ? Running : Queued, state) == state)
                {
                    if (state == Idle)
                    {
                        _ = RunAsync();
                    }

                    return;
                }
            }
        }

        private async Task RunAsync()
        {
            while (true)
            {
                await owner.RunOnceAsync();
                if (owner._disposed || Interlocked.CompareExchange(ref _state, Idle, Running) == Running)
                {
                    return;
                }

                // Requests came in meanwhile: one more run covers them all.
                Volatile.Write(ref _state, Running);
            }
        }
    }
}
