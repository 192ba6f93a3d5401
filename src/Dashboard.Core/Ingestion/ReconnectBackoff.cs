namespace Dashboard.Core.Ingestion;

/// <summary>Capped exponential backoff: initial, 2×, 4×, … up to the cap; reset after a success.</summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max)
{
    private int _failures;

    public int ConsecutiveFailures => _failures;

    /// <summary>The wait before the next attempt, counting this failure.</summary>
    public TimeSpan NextDelay()
    {
        var factor = Math.Pow(2, Math.Min(_failures, 30));
        _failures++;
        var delay = TimeSpan.FromTicks((long)Math.Min(initial.Ticks * factor, max.Ticks));
        return delay;
    }

    public void Reset() => _failures = 0;
}
