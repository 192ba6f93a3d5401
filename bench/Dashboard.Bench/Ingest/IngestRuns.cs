namespace Dashboard.Bench.Ingest;

/// <summary>Reads the runs of the ingest benchmark from <c>qos:history</c> pairs, e.g. <c>1:sqlite,0:none</c>.</summary>
internal static class IngestRuns
{
    public static IReadOnlyList<(int Qos, string History)> Parse(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseOne)];

    private static (int Qos, string History) ParseOne(string run)
    {
        var parts = run.Split(':');
        return parts is [var qos and ("0" or "1"), var history and ("sqlite" or "none")]
            ? (qos == "1" ? 1 : 0, history)
            : throw new ArgumentException($"A run is qos:history with qos 0 or 1 and history sqlite or none, e.g. 1:sqlite; got '{run}'.");
    }
}
