namespace Dashboard.Tests.Shared;

/// <summary>
/// A clock that moves only when a test says so. Timers created from it fire inside
/// <see cref="Advance"/>, on the test's thread, so a "tick" is a deterministic step.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    /// <summary>
    /// Live timers whose callback state is a <typeparamref name="TState"/>: the dashboard's own
    /// timers, told apart from those MudBlazor's services keep for their lifetime.
    /// </summary>
    public int ActiveTimersOf<TState>()
    {
        lock (_lock)
        {
            return _timers.Count(t => t.Due is not null && t.State is TState);
        }
    }

    /// <summary>Moves the clock on and fires every timer that falls due on the way, in time order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due is { } due && due <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.Due!.Value;
                next.Due = next.Period > TimeSpan.Zero ? _now + next.Period : null;
            }

            next.Fire();
        }
    }

    /// <summary>
    /// Moves the clock to the next timer that is due and fires it: for code that waits on the clock
    /// (retry back-off, throttling) while the test does not know how long. False when no timer waits.
    /// </summary>
    public bool AdvanceToNextTimer()
    {
        TimeSpan by;
        lock (_lock)
        {
            if (_timers.Where(t => t.Due is not null).MinBy(t => t.Due) is not { Due: { } due })
            {
                return false;
            }

            by = due > _now ? due - _now : TimeSpan.Zero;
        }

        Advance(by);
        return true;
    }

    private void Remove(ManualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            }

            return true;
        }

        public object? State => state;

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
