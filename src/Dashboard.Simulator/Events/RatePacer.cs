namespace Dashboard.Simulator.Events;

/// <summary>
/// Paces publishing to a target rate against the clock: at any moment, <c>rate × elapsed</c> events
/// may have been sent. If the publisher falls more than a second behind (a slow broker, a GC pause),
/// the excess is forgiven rather than fired in one burst, which would measure the broker, not the rate.
/// </summary>
internal sealed class RatePacer
{
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(1);

    private readonly double _rate;
    private readonly TimeProvider _time;
    private readonly long _start;
    private long _forgiven;

    /// <param name="rate">Events per second; 0 means no pacing.</param>
    public RatePacer(double rate, TimeProvider time)
    {
        _rate = rate;
        _time = time;
        _start = time.GetTimestamp();
    }

    /// <summary>How many events may be sent now, given <paramref name="sent"/> so far.</summary>
    public long Due(long sent)
    {
        if (_rate <= 0)
        {
            return long.MaxValue;
        }

        long allowed = (long)(_time.GetElapsedTime(_start).TotalSeconds * _rate) - _forgiven;
        long backlogCap = Math.Max(1, (long)_rate);
        if (allowed - sent > backlogCap)
        {
            _forgiven += allowed - sent - backlogCap;
            allowed = sent + backlogCap;
        }

        return allowed - sent;
    }

    /// <summary>How long until the next event is due (at least a millisecond, the timer's resolution).</summary>
    public TimeSpan UntilNext(long sent)
    {
        if (_rate <= 0)
        {
            return TimeSpan.Zero;
        }

        var dueAt = TimeSpan.FromSeconds((sent + 1 + _forgiven) / _rate);
        var wait = dueAt - _time.GetElapsedTime(_start);
        return wait > MinWait ? wait : MinWait;
    }
}
