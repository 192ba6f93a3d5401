namespace Dashboard.Core.Notifications;

public sealed partial class ChangeNotifier
{
    private sealed class Subscription(ChangeNotifier owner, Topic topic, Func<LiveChange, Task> callback) : IDisposable
    {
        private readonly Lock _gate = new();
        private LiveChange? _queued;
        private bool _running;
        private int _disposed;

        public Topic Topic => topic;

        /// <summary>Runs the callback now, or, if its previous call is still running, once more after it with everything since.</summary>
        public void Deliver(LiveChange change)
        {
            lock (_gate)
            {
                if (_running)
                {
                    _queued = _queued is null ? change : owner.Merge(_queued, change);
                    return;
                }

                _running = true;
            }

            _ = RunAsync(change);
        }

        private async Task RunAsync(LiveChange change)
        {
            while (true)
            {
                await InvokeAsync(change).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_queued is null)
                    {
                        _running = false;
                        return;
                    }

                    change = _queued;
                    _queued = null;
                }
            }
        }

        private async Task InvokeAsync(LiveChange change)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            try
            {
                await callback(change).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // One failing subscriber (often a component torn down mid-render) must not stop
                // the others or the notifier; the count shows in diagnostics.
                Interlocked.Increment(ref owner._subscriberErrors);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(this);
            }
        }
    }
}
