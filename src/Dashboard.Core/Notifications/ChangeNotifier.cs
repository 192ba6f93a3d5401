using System.Threading.Channels;

namespace Dashboard.Core.Notifications;

/// <summary>
/// Coalesces state changes into at most one notification per interval, so a storm of events costs
/// subscribers the same as a quiet minute. The pipeline calls <see cref="MarkChanged"/> after each
/// batch; <see cref="RunAsync"/> delivers to every subscriber. Subscriptions are disposable.
/// The notifier never waits for a subscriber: one whose previous callback is still running (a hub
/// send to a client that stopped reading) gets the changes since merged into one when it is done,
/// while everyone else stays on time.
/// </summary>
public sealed class ChangeNotifier(TimeSpan interval, TimeProvider time, int maxClientIdsPerChange = 1000)
{
    private readonly Lock _lock = new();
    // Set when a change is pending and not yet delivered; holds at most one signal, so marking
    // twice before the run loop wakes signals once. A channel rather than a semaphore: nothing to dispose.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly List<Subscription> _subscribers = [];
    private HashSet<string> _pending = new(StringComparer.Ordinal);
    private bool _pendingTruncated;
    private bool _dirty;
    private long _sequence;
    private long _subscriberErrors;

    /// <summary>Callbacks that threw. They are isolated from each other and from the notifier.</summary>
    public long SubscriberErrors => Interlocked.Read(ref _subscriberErrors);

    public TimeSpan Interval { get; } = interval;

    /// <summary>
    /// Registers a callback; dispose the result to stop it. Callbacks must not block; the task they
    /// return may take its time, and no new call comes until it completes.
    /// </summary>
    public IDisposable Subscribe(Func<LiveChange, Task> callback)
    {
        var subscription = new Subscription(this, callback);
        lock (_lock)
        {
            _subscribers.Add(subscription);
        }

        return subscription;
    }

    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    public void MarkChanged(IEnumerable<string> clientIds)
    {
        lock (_lock)
        {
            foreach (var id in clientIds)
            {
                if (_pending.Count >= maxClientIdsPerChange)
                {
                    _pendingTruncated = true;
                    break;
                }

                _pending.Add(id);
            }

            if (_dirty)
            {
                return;
            }

            _dirty = true;

            // A change published by hand (tests) leaves the signal set; a second write is dropped.
            _signal.Writer.TryWrite(true);
        }
    }

    /// <summary>Delivers notifications until cancelled, waiting at least the interval between two.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _signal.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            await PublishPendingAsync().ConfigureAwait(false);
            await Task.Delay(Interval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Hands what is pending now to every subscriber, without waiting for slow ones: it completes
    /// once each callback has run or is still running. The run loop calls it; tests may call it directly.
    /// </summary>
    public Task PublishPendingAsync()
    {
        LiveChange change;
        Subscription[] subscribers;
        lock (_lock)
        {
            if (!_dirty)
            {
                return Task.CompletedTask;
            }

            change = new LiveChange(++_sequence, _pending.ToArray(), _pendingTruncated);
            _pending = new HashSet<string>(StringComparer.Ordinal);
            _pendingTruncated = false;
            _dirty = false;
            subscribers = _subscribers.ToArray();
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Deliver(change);
        }

        return Task.CompletedTask;
    }

    /// <summary>Two changes as one: every ID of both (up to the cap), the later sequence.</summary>
    private LiveChange Merge(LiveChange earlier, LiveChange later)
    {
        var ids = earlier.ChangedClientIds.Union(later.ChangedClientIds, StringComparer.Ordinal).Take(maxClientIdsPerChange + 1).ToArray();
        bool truncated = earlier.Truncated || later.Truncated || ids.Length > maxClientIdsPerChange;
        return new LiveChange(later.Sequence, ids.Length > maxClientIdsPerChange ? ids[..maxClientIdsPerChange] : ids, truncated);
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscription);
        }
    }

    private sealed class Subscription(ChangeNotifier owner, Func<LiveChange, Task> callback) : IDisposable
    {
        private readonly Lock _gate = new();
        private LiveChange? _queued;
        private bool _running;
        private int _disposed;

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
