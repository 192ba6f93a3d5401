using System.Collections.Concurrent;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// Counts per disconnect reason, for metrics. Reasons come from the broker (and so from whoever
/// can publish to it), so the number of distinct ones is bounded: after <see cref="MaxReasons"/>
/// reasons, every new one counts as <see cref="Other"/>. Written by the pipeline, read by any thread.
/// </summary>
public sealed class ReasonCounts
{
    public const int MaxReasons = 64;
    public const string Other = "other";
    public const string Unknown = "unknown";

    private readonly ConcurrentDictionary<string, StrongBox> _counts = new(StringComparer.Ordinal);

    public void Add(string? reason)
    {
        var key = string.IsNullOrEmpty(reason) ? Unknown : reason;
        if (!_counts.TryGetValue(key, out var box))
        {
            // "other" is a slot of its own on top of the 64, so a reason really called "other"
            // and the overflow share one series.
            key = _counts.Count >= MaxReasons && key != Other ? Other : key;
            box = _counts.GetOrAdd(key, _ => new StrongBox());
        }

        Interlocked.Increment(ref box.Value);
    }

    /// <summary>The counts so far, one per reason (at most <see cref="MaxReasons"/> plus <see cref="Other"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
        _counts.Select(p => KeyValuePair.Create(p.Key, Interlocked.Read(ref p.Value.Value))).ToArray();

    private sealed class StrongBox
    {
        public long Value;
    }
}
