using Dashboard.Core.Events;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Live;

/// <summary>
/// Everything the dashboard shows live, in memory and bounded: the online set and the connect and
/// disconnect rates. One writer (the event pipeline) applies batches under a write lock; any number
/// of readers take copies under a read lock, never the live collections, and do any sorting or
/// searching after they let go of it.
/// </summary>
public sealed partial class LiveState : IDisposable
{
    private const int HourSeconds = 3600;
    private const int RateWindowSeconds = 10;

    /// <summary>The reason timeline keeps a day: the longest range the pages show from memory.</summary>
    private const int ReasonWindowMinutes = 24 * 60;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly OnlineClients _clients;
    private readonly RecentIds<EventIdentity> _recentEvents;
    private readonly PerSecondCounter _connects = new(HourSeconds);
    private readonly PerSecondCounter _disconnects = new(HourSeconds);
    private readonly PerSecondCounter _processed = new(RateWindowSeconds + 1);
    private readonly ReasonTimeline _reasons = new(ReasonWindowMinutes);
    private readonly IngestDiagnostics _diagnostics;
    private readonly TimeProvider _time;
    private long _lastEventAtMs;

    /// <summary>The first whole minute this instance saw all of: before it, the reason timeline only has what arrived late.</summary>
    private readonly DateTimeOffset _reasonsCompleteSince;

    public LiveState(LiveStateOptions options, IngestDiagnostics diagnostics, TimeProvider time)
    {
        _clients = new OnlineClients(options.MaxOfflineClients, options.OfflineRetention);
        _recentEvents = new RecentIds<EventIdentity>(options.DuplicateWindow);
        _diagnostics = diagnostics;
        _time = time;
        var started = time.GetUtcNow();
        var intoMinute = started.UtcTicks % TimeSpan.TicksPerMinute;
        _reasonsCompleteSince = intoMinute == 0 ? started : started.AddTicks(TimeSpan.TicksPerMinute - intoMinute);
    }

    /// <summary>
    /// Applies a batch of events in arrival order and returns the client IDs whose state changed.
    /// Duplicates are dropped before they reach the projection.
    /// </summary>
    public IReadOnlyCollection<string> ApplyBatch(IReadOnlyList<ConnectionEvent> events) => Apply(events, null, countInDiagnostics: true);

    /// <summary>
    /// As <see cref="ApplyBatch(IReadOnlyList{ConnectionEvent})"/>, and adds to <paramref name="accepted"/>
    /// the events that were not repeats: the ones history still needs (a repeat's first copy has
    /// already gone to the store, or is in this very batch).
    /// </summary>
    public IReadOnlyCollection<string> ApplyBatch(IReadOnlyList<ConnectionEvent> events, List<ConnectionEvent> accepted) =>
        Apply(events, accepted, countInDiagnostics: true);

    /// <summary>
    /// Rebuilds state from history at start-up: applied like any batch (so the duplicate window and
    /// rates are filled too) but not counted as received traffic.
    /// </summary>
    public void Restore(IReadOnlyList<ConnectionEvent> events) => Apply(events, null, countInDiagnostics: false);

    private HashSet<string> Apply(IReadOnlyList<ConnectionEvent> events, List<ConnectionEvent>? acceptedEvents, bool countInDiagnostics)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        long accepted = 0, duplicates = 0, stale = 0;
        var now = _time.GetUtcNow();
        var nowSecond = now.ToUnixTimeSeconds();
        _lock.EnterWriteLock();
        try
        {
            foreach (var e in events)
            {
                if (!_recentEvents.TryAdd(e.Identity))
                {
                    duplicates++;
                    continue;
                }

                accepted++;
                acceptedEvents?.Add(e);
                var outcome = _clients.Apply(e);
                if (outcome == ProjectionOutcome.Stale)
                {
                    stale++;
                }

                if (e.Source == EventSourceKind.Rest)
                {
                    CountCorrection(outcome);
                }

                if (outcome != ProjectionOutcome.Merged)
                {
                    // A merge is the same connection seen again: counting it would double the rate.
                    var rate = e.Kind == ConnectionEventKind.Connected ? _connects : _disconnects;
                    rate.Add(e.EventTime.ToUnixTimeSeconds(), nowSecond);
                    if (countInDiagnostics)
                    {
                        // Not the restore: its seed is a sample of history (latest per client), not every event.
                        _reasons.Add(e.Kind, e.Reason, e.EventTime, now);
                        _diagnostics.RecordConnection(e.Kind, e.Reason);
                    }
                }

                changed.Add(e.ClientId);
            }

            if (countInDiagnostics)
            {
                _processed.Add(nowSecond, nowSecond, events.Count);
            }

            if (countInDiagnostics && events.Count > 0)
            {
                _lastEventAtMs = now.ToUnixTimeMilliseconds();
            }

            _clients.EvictOffline(now);
            _reasons.SampleOnline(_clients.OnlineCount, now);
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        if (countInDiagnostics)
        {
            _diagnostics.RecordApplied(accepted, duplicates, stale);
        }

        return changed;
    }

    public ClientSnapshot? GetClient(string clientId) => Read(() => _clients.Get(clientId));

    public LiveSummary GetSummary() => Read(() =>
    {
        var now = _time.GetUtcNow();
        var nowSecond = now.ToUnixTimeSeconds();

        // The current second is still filling up, so the rate is taken over the whole seconds before it.
        var perSecond = (_processed.Sum(nowSecond, RateWindowSeconds + 1) - _processed.Sum(nowSecond, 1)) / (double)RateWindowSeconds;
        return new LiveSummary(
            now,
            _clients.OnlineCount,
            _clients.KnownCount,
            _connects.Sum(nowSecond, 60),
            _disconnects.Sum(nowSecond, 60),
            _connects.Sum(nowSecond, HourSeconds),
            _disconnects.Sum(nowSecond, HourSeconds),
            perSecond,
            _lastEventAtMs == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(_lastEventAtMs));
    });

    /// <summary>The start of the oldest minute the reason timeline still holds.</summary>
    public DateTimeOffset ReasonWindowStart => Read(() => _reasons.OldestAt(_time.GetUtcNow()));

    /// <summary>
    /// From when the reason timeline is complete: the later of <see cref="ReasonWindowStart"/> and
    /// the first whole minute after this instance started (a restart empties it; history has the rest).
    /// </summary>
    public DateTimeOffset ReasonsCompleteSince => Read(() =>
    {
        var oldest = _reasons.OldestAt(_time.GetUtcNow());
        return oldest > _reasonsCompleteSince ? oldest : _reasonsCompleteSince;
    });

    /// <summary>
    /// Disconnects per reason and connects per bucket (a whole number of minutes) in [from, to),
    /// from the in-memory timeline; only buckets with something in them, oldest first, as copies.
    /// </summary>
    public IReadOnlyList<ReasonBucket> GetReasonBuckets(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket) =>
        Read(() => _reasons.Query(from, to, bucket, _time.GetUtcNow()));

    public void Dispose() => _lock.Dispose();

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
