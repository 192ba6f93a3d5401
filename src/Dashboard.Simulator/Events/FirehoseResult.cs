namespace Dashboard.Simulator.Events;

/// <summary>
/// What a firehose run published. Only publishes that completed successfully are counted (at QoS 1:
/// acknowledged by the broker), so a benchmark can reconcile these numbers with what it ingested.
/// </summary>
/// <param name="DisconnectReasons">Published disconnect events per reason.</param>
/// <param name="Failed">Publishes that failed; the run stops at the first.</param>
/// <param name="Error">Why the run stopped early, or null.</param>
public sealed record FirehoseResult(
    long Connected,
    long Disconnected,
    long Failed,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, long> DisconnectReasons,
    string? Error)
{
    public long Published => Connected + Disconnected;

    /// <summary>Achieved rate over the whole run.</summary>
    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? Published / Elapsed.TotalSeconds : 0;
}

/// <summary>Running totals of a firehose, read while it runs (e.g. once a second by the console).</summary>
public readonly record struct FirehoseProgress(long Connected, long Disconnected, long Failed, TimeSpan Elapsed)
{
    public long Published => Connected + Disconnected;
}
