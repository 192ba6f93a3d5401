using Dashboard.Core.Events;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Live;

/// <summary>
/// Disconnects per reason, connects, and a sample of the online count, per minute over a sliding
/// window (a ring of one slot per minute, like <see cref="PerSecondCounter"/>: each slot remembers
/// its minute, so a reused slot starts from zero). Bounded: the ring has a fixed length and each
/// minute keeps at most <see cref="MaxReasonsPerMinute"/> distinct reasons, the rest folding into
/// <see cref="OtherReasons"/>, so a flood of made-up reason strings cannot grow memory.
/// Not thread-safe: <see cref="LiveState"/> writes it under its write lock and reads it under its read lock.
/// </summary>
public sealed class ReasonTimeline
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    /// <summary>Where disconnects go once a minute already holds <see cref="MaxReasonsPerMinute"/> reasons.</summary>
    public const string OtherReasons = "(other reasons)";

    internal const int MaxReasonsPerMinute = 64;

    private const long MinuteMs = 60_000;

    private readonly Slot[] _slots;

    /// <param name="minutes">How many minutes back the timeline remembers (the current one included).</param>
    public ReasonTimeline(int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minutes);
        _slots = new Slot[minutes];
        for (var i = 0; i < minutes; i++)
        {
            _slots[i] = new Slot();
        }
    }

    /// <summary>How far back it remembers.</summary>
    public TimeSpan Window => Resolution * _slots.Length;

    /// <summary>The start of the oldest minute still remembered at <paramref name="now"/>.</summary>
    public DateTimeOffset OldestAt(DateTimeOffset now) =>
        DateTimeOffset.FromUnixTimeMilliseconds((MinuteOf(now) - _slots.Length + 1) * MinuteMs);

    /// <summary>
    /// Counts one event in the minute of its event time. An event from the future (broker clock
    /// ahead of ours) counts now rather than being lost; one older than the window is ignored.
    /// </summary>
    public void Add(ConnectionEventKind kind, string? reason, DateTimeOffset eventTime, DateTimeOffset now)
    {
        var nowMinute = MinuteOf(now);
        var minute = Math.Min(MinuteOf(eventTime), nowMinute);
        if (minute <= nowMinute - _slots.Length)
        {
            return;
        }

        var slot = SlotOf(minute);
        if (kind == ConnectionEventKind.Connected)
        {
            slot.Connects++;
            return;
        }

        var key = ReasonBucket.KeyOf(reason);
        if (!slot.Reasons.ContainsKey(key) && slot.Reasons.Count >= MaxReasonsPerMinute)
        {
            key = OtherReasons;
        }

        slot.Reasons[key] = slot.Reasons.GetValueOrDefault(key) + 1;
    }

    /// <summary>Records the online count for the current minute (the last sample in a minute wins).</summary>
    public void SampleOnline(int online, DateTimeOffset now) => SlotOf(MinuteOf(now)).Online = online;

    /// <summary>
    /// Buckets of <paramref name="bucket"/> (a whole number of minutes) from <paramref name="from"/>,
    /// each minute counted in the bucket its start falls in, within [from, to); only buckets with
    /// something in them, oldest first, as copies.
    /// </summary>
    public List<ReasonBucket> Query(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, DateTimeOffset now)
    {
        var bucketMs = (long)bucket.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs);
        var (fromMs, toMs, nowMinute) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), MinuteOf(now));
        var found = new SortedDictionary<long, Accumulator>();
        foreach (var slot in _slots)
        {
            var startMs = slot.Minute * MinuteMs;
            if (slot.Minute <= nowMinute - _slots.Length || slot.Minute > nowMinute || startMs < fromMs || startMs >= toMs || slot.IsEmpty)
            {
                continue;
            }

            var index = (startMs - fromMs) / bucketMs;
            if (!found.TryGetValue(index, out var acc))
            {
                found[index] = acc = new Accumulator();
            }

            acc.Add(slot);
        }

        return found.Select(f => f.Value.ToBucket(from.AddMilliseconds(f.Key * bucketMs))).ToList();
    }

    private static long MinuteOf(DateTimeOffset at)
    {
        var ms = at.ToUnixTimeMilliseconds();
        return ms >= 0 ? ms / MinuteMs : ((ms + 1) / MinuteMs) - 1;
    }

    private Slot SlotOf(long minute)
    {
        var slot = _slots[(int)(((minute % _slots.Length) + _slots.Length) % _slots.Length)];
        if (slot.Minute != minute)
        {
            slot.Reset(minute);
        }

        return slot;
    }

    private sealed class Slot
    {
        public long Minute { get; private set; } = long.MinValue;

        public Dictionary<string, long> Reasons { get; } = new(StringComparer.Ordinal);

        public long Connects { get; set; }

        public int? Online { get; set; }

        public bool IsEmpty => Connects == 0 && Reasons.Count == 0 && Online is null;

        public void Reset(long minute)
        {
            Minute = minute;
            Reasons.Clear();
            Connects = 0;
            Online = null;
        }
    }

    private sealed class Accumulator
    {
        private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
        private long _connects;
        private long _onlineMinute = long.MinValue;
        private int? _online;

        public void Add(Slot slot)
        {
            foreach (var (reason, count) in slot.Reasons)
            {
                _counts[reason] = _counts.GetValueOrDefault(reason) + count;
            }

            _connects += slot.Connects;

            // The bucket shows the latest sample in it: the online count at its end, as near as we know.
            if (slot.Online is { } online && slot.Minute > _onlineMinute)
            {
                (_onlineMinute, _online) = (slot.Minute, online);
            }
        }

        public ReasonBucket ToBucket(DateTimeOffset start) => new(start, _counts, _connects, _online);
    }
}
