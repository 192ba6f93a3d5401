using System.Diagnostics;
using Dashboard.Core.Events;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;

namespace Dashboard.Bench;

/// <summary>
/// How the live state holds up with a large online set: memory after a full GC, apply rate, and
/// the time of the Clients list's queries. The reference for the apply rate is a plain
/// Dictionary insert of the same client IDs in the same run, so the ratio survives a noisy machine.
/// </summary>
internal static class LiveStateScale
{
    private const int BatchSize = 2000;

    public static void Run(int clients)
    {
        Console.WriteLine($"live-state: {clients:N0} online clients, batches of {BatchSize}");
        var ids = Enumerable.Range(0, clients).Select(i => $"device-{i:D7}").ToArray();
        var reference = MeasureReference(ids);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var state = new LiveState(new LiveStateOptions(), new IngestDiagnostics(), TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var batch = new List<ConnectionEvent>(BatchSize);
        var applyTime = Stopwatch.StartNew();
        for (var i = 0; i < clients; i++)
        {
            batch.Add(Connect(ids[i], i, now));
            if (batch.Count == BatchSize || i == clients - 1)
            {
                state.ApplyBatch(batch);
                batch.Clear();
            }
        }

        applyTime.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var rate = clients / applyTime.Elapsed.TotalSeconds;
        Console.WriteLine($"apply: {rate:N0} events/s (reference dictionary insert {reference:N0}/s, ratio {rate / reference:F3})");
        Console.WriteLine($"managed heap for the online set (incl. duplicate window): {(after - before) / 1048576.0:F1} MB, {(after - before) / (double)clients:F0} B per client");

        Time(state, "first page, newest first", new ClientQuery(PageSize: 50));
        Time(state, "page 200 of 50", new ClientQuery(Page: 200, PageSize: 50));
        Time(state, "search 'device-00012' (client ID)", new ClientQuery(Search: "device-00012"));
        Time(state, "search '10.1.' (IP prefix)", new ClientQuery(Search: "10.1."));
        Time(state, "search with no match", new ClientQuery(Search: "no-such-client"));
        GC.KeepAlive(ids);
    }

    public static ConnectionEvent Connect(string id, int i, DateTimeOffset now) => new()
    {
        ClientId = id,
        Kind = ConnectionEventKind.Connected,
        EventTime = now.AddMilliseconds(-i),
        ConnectedAt = now.AddMilliseconds(-i),
        ReceivedAt = now,
        Source = EventSourceKind.Mqtt,
        PeerIp = $"10.{i % 4}.{(i / 256) % 256}.{i % 256}",
        PeerPort = 40000 + (i % 20000),
        Username = "device",
        Node = "emqx@10.0.0.1",
        Keepalive = 60,
        CleanStart = true,
        ProtoVer = 5,
    };

    private static double MeasureReference(string[] ids)
    {
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            map[id] = id;
        }

        return ids.Length / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Times a query (median of five after a warm-up) and prints it, with its ratio to <paramref name="reference"/> (ms) when given.</summary>
    public static double Time(LiveState state, string what, ClientQuery query, double? reference = null)
    {
        state.QueryClients(query);
        var samples = new double[5];
        var total = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            total = state.QueryClients(query).Total;
            samples[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        var ratio = reference is { } r ? $", ×{samples[2] / r:F2} of the reference" : string.Empty;
        Console.WriteLine($"query {what}: median {samples[2]:F1} ms, max {samples[^1]:F1} ms ({total:N0} matches{ratio})");
        return samples[2];
    }
}
