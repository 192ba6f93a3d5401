using Dashboard.Core.Events;
using Dashboard.Core.Live;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Refusals;

/// <summary>
/// Refused CONNECTs per reason code, per minute over the last hour, in memory: what the overview and
/// wallboard tile shows, and the refused-connections chart's live window when history is off. It is a
/// <see cref="ReasonTimeline"/> of its own (a ring of one slot per minute, at most 64 codes a minute,
/// the rest folded into <see cref="ReasonTimeline.OtherReasons"/>: reason codes are attacker-written,
/// so made-up ones cannot grow memory), behind a lock. Only connack failures count: EMQX reports a
/// refused CONNECT that failed authentication twice (a failed authentication, then the refusing
/// connack), so counting authentication too would count it twice. The pipeline writes it; any thread reads it.
/// </summary>
public sealed class RefusalCounter(TimeProvider time)
{
    /// <summary>How far back it remembers: the current minute and the 59 before it.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly Lock _lock = new();
    private readonly ReasonTimeline _minutes = new((int)Window.TotalMinutes);

    /// <summary>When counting started (start-up): nothing before it is in memory.</summary>
    public DateTimeOffset Since { get; } = time.GetUtcNow();

    /// <summary>The start of the oldest minute still remembered at <paramref name="now"/>.</summary>
    public DateTimeOffset OldestAt(DateTimeOffset now) => _minutes.OldestAt(now);

    /// <summary>
    /// Counts the refused CONNECTs among <paramref name="events"/> (connack failures), each in the
    /// minute of its event time. One from the future (broker clock ahead) counts now rather than being
    /// lost; one older than the window is left out.
    /// </summary>
    public void Observe(IEnumerable<AccessEvent> events)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var e in events)
            {
                if (e.Kind == AccessEventKind.Connack && e.IsFailure)
                {
                    // The timeline counts a "disconnect" under its reason: here, a refusal under its code.
                    _minutes.Add(ConnectionEventKind.Disconnected, e.ReasonCode, e.EventTime, now);
                }
            }
        }
    }

    /// <summary>The refusals of the last hour (the current minute and the 59 before it): how many, and the most frequent reason code.</summary>
    public RefusalSummary LastHour()
    {
        var now = time.GetUtcNow();
        var oldest = OldestAt(now);
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in Query(oldest, now.AddMinutes(1), Window).SelectMany(b => b.Counts))
        {
            totals[reason] = totals.GetValueOrDefault(reason) + count;
        }

        var top = totals.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault();
        return new RefusalSummary(now, totals.Values.Sum(), top.Key, top.Value, Since > oldest ? Since : null);
    }

    /// <summary>
    /// Refusals per reason code in buckets of <paramref name="bucket"/> (whole minutes) from
    /// <paramref name="from"/>, within [from, to); only buckets with refusals, oldest first, as copies.
    /// </summary>
    public IReadOnlyList<ReasonBucket> Query(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            return _minutes.Query(from, to, bucket, now);
        }
    }
}

/// <summary>
/// Refused CONNECTs in the last hour at <see cref="At"/>: how many, and the most frequent reason code
/// (null when there were none). <see cref="CountingSince"/> is set when counting started less than an
/// hour ago (a restart): the figure then covers only the time since.
/// </summary>
public sealed record RefusalSummary(DateTimeOffset At, long Total, string? TopReason, long TopCount, DateTimeOffset? CountingSince);
