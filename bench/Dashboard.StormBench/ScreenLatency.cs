namespace Dashboard.StormBench;

/// <summary>
/// Turns the browser's stamps into latencies against the publish timeline. Two views:
/// <list type="bullet">
/// <item>value latency: for each value shown, the display time minus the publish time of the
/// event that made the number reach it (the newest event the value proves processed);</item>
/// <item>time to show: for every 1000th connect, the publish time to the first display of a value
/// that includes it (what a viewer waits, coalescing interval included).</item>
/// </list>
/// </summary>
internal static class ScreenLatency
{
    public const long MilestoneStep = 1000;

    /// <summary>
    /// Value latency of every change in each series after its first stamp (taken when watching
    /// began, or the snapshot a hub client gets on connect: before publishing).
    /// </summary>
    public static Latencies OfValues(IEnumerable<IReadOnlyList<Stamp>> series, Func<long, double?> publishedAt)
    {
        var latencies = new Latencies();
        foreach (var stamp in series.SelectMany(stamps => stamps.Skip(1)))
        {
            if (stamp.Value > 0 && publishedAt(stamp.Value) is { } at)
            {
                latencies.Add(stamp.AtMs - at);
            }
        }

        return latencies;
    }

    /// <summary>For a number that only grows with connects: how long each milestone took to appear.</summary>
    public static Latencies TimeToShow(IReadOnlyList<Stamp> stamps, IEnumerable<(long Connects, double AtMs)> milestones)
    {
        var latencies = new Latencies();
        int next = 0;
        foreach (var (connects, at) in milestones)
        {
            while (next < stamps.Count && stamps[next].Value < connects)
            {
                next++;
            }

            if (next == stamps.Count)
            {
                break;
            }

            latencies.Add(stamps[next].AtMs - at);
        }

        return latencies;
    }
}
