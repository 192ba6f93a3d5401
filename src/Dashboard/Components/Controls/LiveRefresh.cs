using Dashboard.Core.Notifications;

namespace Dashboard.Components.Controls;

/// <summary>
/// Keeps a component current: it runs the component's refresh on every live-change notification
/// and, when a period is given, on a timer (so relative times and source states move on while no
/// events arrive). Both paths go through the component's dispatcher (<c>InvokeAsync</c>); a tick
/// that finds the previous one still running is dropped, so slow renders never pile up.
/// A refresh that throws is handed to <c>onError</c> (pass the component's
/// <c>DispatchExceptionAsync</c>, so it surfaces like any render error instead of vanishing in a
/// timer thread). Dispose it in the component's <c>Dispose</c>/<c>DisposeAsync</c>: it stops both.
/// </summary>
public sealed class LiveRefresh : IAsyncDisposable, IDisposable
{
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Func<Task> _refresh;
    private readonly Func<Exception, Task> _onError;
    private readonly IDisposable? _subscription;
    private readonly ITimer? _timer;
    private int _tickRunning;
    private volatile bool _disposed;

    /// <param name="notifier">Null to refresh on the timer only.</param>
    /// <param name="time">The clock that drives the timer.</param>
    /// <param name="period">Null for notifications only.</param>
    /// <param name="dispatch">The component's <c>InvokeAsync</c>.</param>
    /// <param name="refresh">Re-reads state and re-renders; runs on the component's dispatcher.</param>
    /// <param name="onError">The component's <c>DispatchExceptionAsync</c>.</param>
    public LiveRefresh(
        ChangeNotifier? notifier,
        TimeProvider time,
        TimeSpan? period,
        Func<Func<Task>, Task> dispatch,
        Func<Task> refresh,
        Func<Exception, Task> onError)
    {
        _dispatch = dispatch;
        _refresh = refresh;
        _onError = onError;
        _subscription = notifier?.Subscribe(OnChangeAsync);
        if (period is { } every)
        {
            _timer = time.CreateTimer(static state => ((LiveRefresh)state!).OnTick(), this, every, every);
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

    private Task OnChangeAsync(LiveChange change) =>
        _disposed ? Task.CompletedTask : _dispatch(RefreshIfLiveAsync);

    private void OnTick()
    {
        if (_disposed || Interlocked.Exchange(ref _tickRunning, 1) == 1)
        {
            return;
        }

        _ = TickAsync();
    }

    private async Task TickAsync()
    {
        try
        {
            await _dispatch(RefreshIfLiveAsync);
        }
        catch (Exception) when (_disposed)
        {
            // The component went away while the tick was on its way: nothing left to update.
        }
        catch (ObjectDisposedException)
        {
            // The renderer is gone (circuit closed) before this component was disposed.
        }
        finally
        {
            Volatile.Write(ref _tickRunning, 0);
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
}
