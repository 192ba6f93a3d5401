using System.Threading.Channels;

namespace Dashboard.Core.Notifications;

/// <summary>
/// Coalesces state changes into at most one notification per interval, so a storm of events costs
/// subscribers the same as a quiet minute. It carries two signals: "live state changed" (the
/// pipeline calls <see cref="MarkChanged"/> after applying each batch) and "these events are now
/// stored" (<see cref="MarkStored"/>, once the history store has accepted a batch, which may be
/// seconds later while the store retries), and "these clients' access failures are now stored"
/// (<see cref="MarkRefusedStored"/>: refused connects, failed authentications, denials).
/// <see cref="RunAsync"/> delivers each signal to its own subscribers. Subscriptions are disposable.
/// The notifier never waits for a subscriber: one whose previous callback is still running (a hub
/// send to a client that stopped reading) gets the changes since merged into one when it is done,
/// while everyone else stays on time.
/// </summary>
public sealed partial class ChangeNotifier(TimeSpan interval, TimeProvider time, int maxClientIdsPerChange = 1000)
{
    private readonly Lock _lock = new();
    // Set when a change is pending and not yet delivered; holds at most one signal, so marking
    // twice before the run loop wakes signals once. A channel rather than a semaphore: nothing to dispose.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Topic _live = new(maxClientIdsPerChange);
    private readonly Topic _stored = new(maxClientIdsPerChange);
    private readonly Topic _refusedStored = new(maxClientIdsPerChange);
    private long _sequence;
    private long _subscriberErrors;

    /// <summary>Callbacks that threw. They are isolated from each other and from the notifier.</summary>
    public long SubscriberErrors => Interlocked.Read(ref _subscriberErrors);

    public TimeSpan Interval { get; } = interval;

    /// <summary>
    /// Registers a callback for "live state changed"; dispose the result to stop it. Callbacks must
    /// not block; the task they return may take its time, and no new call comes until it completes.
    /// </summary>
    public IDisposable Subscribe(Func<LiveChange, Task> callback) => Add(_live, callback);

    /// <summary>
    /// Registers a callback for "these clients' events are now in history", as <see cref="Subscribe"/>
    /// does for live changes. With history off nothing is stored, so it is never called.
    /// </summary>
    public IDisposable SubscribeStored(Func<LiveChange, Task> callback) => Add(_stored, callback);

    /// <summary>
    /// Registers a callback for "these clients' access failures are now in history" (the refused-connections
    /// pages re-read then), as <see cref="Subscribe"/> does for live changes. With history off it is never called.
    /// </summary>
    public IDisposable SubscribeRefusedStored(Func<LiveChange, Task> callback) => Add(_refusedStored, callback);

    /// <summary>Subscribers to live changes (the hub and open pages).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _live.Subscribers.Count;
            }
        }
    }

    /// <summary>Live state changed for these clients.</summary>
    public void MarkChanged(IEnumerable<string> clientIds) => Mark(_live, clientIds);

    /// <summary>The history store has accepted these clients' events.</summary>
    public void MarkStored(IEnumerable<string> clientIds) => Mark(_stored, clientIds);

    /// <summary>The history store has accepted these clients' access failures.</summary>
    public void MarkRefusedStored(IEnumerable<string> clientIds) => Mark(_refusedStored, clientIds);

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
    /// Hands what is pending now (live changes, then stored events, then stored access failures) to their subscribers, without
    /// waiting for slow ones: it completes once each callback has run or is still running. The run
    /// loop calls it; tests may call it directly.
    /// </summary>
    public Task PublishPendingAsync()
    {
        Publish(_live);
        Publish(_stored);
        Publish(_refusedStored);
        return Task.CompletedTask;
    }

    private Subscription Add(Topic topic, Func<LiveChange, Task> callback)
    {
        var subscription = new Subscription(this, topic, callback);
        lock (_lock)
        {
            topic.Subscribers.Add(subscription);
        }

        return subscription;
    }

    private void Mark(Topic topic, IEnumerable<string> clientIds)
    {
        lock (_lock)
        {
            var wasDirty = topic.Dirty;
            topic.Add(clientIds);

            // A change published by hand (tests) leaves the signal set; a second write is dropped.
            if (!wasDirty)
            {
                _signal.Writer.TryWrite(true);
            }
        }
    }

    private void Publish(Topic topic)
    {
        LiveChange change;
        Subscription[] subscribers;
        lock (_lock)
        {
            if (!topic.Dirty)
            {
                return;
            }

            change = topic.Take(++_sequence);
            subscribers = topic.Subscribers.ToArray();
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Deliver(change);
        }
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
            subscription.Topic.Subscribers.Remove(subscription);
        }
    }

    /// <summary>One signal's pending client IDs and its subscribers; guarded by the notifier's lock.</summary>
    private sealed class Topic(int maxClientIds)
    {
        private HashSet<string> _pending = new(StringComparer.Ordinal);
        private bool _truncated;

        public bool Dirty { get; private set; }

        public List<Subscription> Subscribers { get; } = [];

        public void Add(IEnumerable<string> clientIds)
        {
            foreach (var id in clientIds)
            {
                if (_pending.Count >= maxClientIds)
                {
                    _truncated = true;
                    break;
                }

                _pending.Add(id);
            }

            Dirty = true;
        }

        /// <summary>What is pending as one change, and a fresh start.</summary>
        public LiveChange Take(long sequence)
        {
            var change = new LiveChange(sequence, _pending.ToArray(), _truncated);
            _pending = new HashSet<string>(StringComparer.Ordinal);
            _truncated = false;
            Dirty = false;
            return change;
        }
    }
}
