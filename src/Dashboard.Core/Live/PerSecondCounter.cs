namespace Dashboard.Core.Live;

/// <summary>
/// Counts per second over a sliding window (a ring of one slot per second). Each slot remembers
/// which second it holds, so an old slot is reset when reused and never counted twice.
/// </summary>
internal sealed class PerSecondCounter(int windowSeconds)
{
    private readonly long[] _counts = new long[windowSeconds];
    private readonly long[] _seconds = Enumerable.Repeat(long.MinValue, windowSeconds).ToArray();

    /// <summary>Adds to the slot of <paramref name="second"/> (Unix seconds); ignored outside the window.</summary>
    public void Add(long second, long nowSecond, long count = 1)
    {
        if (second > nowSecond || second <= nowSecond - windowSeconds)
        {
            return;
        }

        var slot = (int)(second % windowSeconds);
        if (_seconds[slot] != second)
        {
            _seconds[slot] = second;
            _counts[slot] = 0;
        }

        _counts[slot] += count;
    }

    /// <summary>The total over the last <paramref name="seconds"/> seconds up to and including now.</summary>
    public long Sum(long nowSecond, int seconds)
    {
        var from = nowSecond - Math.Min(seconds, windowSeconds) + 1;
        long total = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_seconds[i] >= from && _seconds[i] <= nowSecond)
            {
                total += _counts[i];
            }
        }

        return total;
    }
}
