using System.Diagnostics;
using Dashboard.Core.Events;
using Dashboard.Core.Groups;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;

namespace Dashboard.Bench;

/// <summary>
/// Whether ingestion keeps going while the Clients list is read hard (issue 11): a million clients
/// online, then the pipeline's ApplyBatch timed for a while with nobody reading, and as long again
/// while another thread runs the largest query the API allows in a loop (1,000 rows, the last page,
/// by client ID, with a search that matches every client), or, with the reader <c>groups</c>, counts
/// every client by device group (<see cref="LiveState.CountByGroup"/>: three groups, by network,
/// client ID glob and username glob, as the Groups page and the wallboard count them). Uses only
/// LiveState's public API, so the same file measures any version of it.
/// </summary>
internal static class ApplyUnderReads
{
    private const int FillBatch = 2000;

    /// <summary>The readers that can loop during the second phase.</summary>
    public static readonly string[] Readers = ["clients", "groups"];

    /// <summary>A quarter of the fleet by network, the first 100,000 by client ID, the rest by username; the first match wins.</summary>
    private static readonly GroupMatcher Groups = new(
    [
        DeviceGroup.TryCreate("net-1", null, null, "10.1.0.0/16", out _)!,
        DeviceGroup.TryCreate("first-100k", "device-00*", null, null, out _)!,
        DeviceGroup.TryCreate("fleet", null, "dev*", null, out _)!,
    ]);

    public static void Run(int clients, int batchSize, TimeSpan phase, string readerName = "clients")
    {
        Console.WriteLine($"apply-under-reads: {clients:N0} online clients, batches of {batchSize}, {phase.TotalSeconds:F0} s per phase, one batch every 20 ms, reader {readerName}");
        var ids = Enumerable.Range(0, clients).Select(i => $"device-{i:D7}").ToArray();
        using var state = new LiveState(new LiveStateOptions(), new IngestDiagnostics(), TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < clients; start += FillBatch)
        {
            state.ApplyBatch([.. Enumerable.Range(start, Math.Min(FillBatch, clients - start)).Select(i => Event(ids[i], i, now, connected: true))]);
        }

        var lastPage = (clients + 999) / 1000;
        var query = new ClientQuery(ClientStateFilter.Online, "device-", ClientSortField.ClientId, false, lastPage, 1000);
        Action read = readerName == "groups" ? () => state.CountByGroup(Groups) : () => state.QueryClients(query);
        var check = Stopwatch.StartNew();
        if (readerName == "groups")
        {
            var counts = state.CountByGroup(Groups);
            Console.WriteLine($"the reader's count: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value.Online:N0}"))}: {check.Elapsed.TotalMilliseconds:F0} ms alone");
        }
        else
        {
            var result = state.QueryClients(query);
            Console.WriteLine($"the reader's query: page {lastPage} of 1000 by client ID, q=device- ({result.Total:N0} matches, {result.Items.Count} rows): {check.Elapsed.TotalMilliseconds:F0} ms alone");
        }

        var sequence = 0;
        var gc = GcMark.Now();
        Report("without readers", Measure(state, ids, batchSize, phase, ref sequence), queries: null, gc);
        using var stop = new CancellationTokenSource();
        var queryTimes = new List<double>();
        var reader = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                read();
                queryTimes.Add(watch.Elapsed.TotalMilliseconds);
            }
        }) { IsBackground = true };
        gc = GcMark.Now();
        reader.Start();
        var withReaders = Measure(state, ids, batchSize, phase, ref sequence);
        stop.Cancel();
        reader.Join();
        Report("with a reader looping", withReaders, queryTimes, gc);
        GC.KeepAlive(ids);
    }

    /// <summary>
    /// Applies a batch every 20 ms (a steady 100k events/s at 2,000 a batch, more than the pipeline
    /// sees in practice): each of a thousand clients disconnects and reconnects, as churn does.
    /// </summary>
    private static (List<double> Latencies, List<double> WithoutGc) Measure(LiveState state, string[] ids, int batchSize, TimeSpan phase, ref int sequence)
    {
        var latencies = new List<double>();
        var withoutGc = new List<double>();
        var clock = Stopwatch.StartNew();
        var next = TimeSpan.Zero;
        while (clock.Elapsed < phase)
        {
            var batch = new List<ConnectionEvent>(batchSize);
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < batchSize; i += 2, sequence++)
            {
                // A client drops and comes back: the online set stays a million, every event changes it.
                var client = sequence % ids.Length;
                batch.Add(Event(ids[client], client, now, connected: false));
                batch.Add(Event(ids[client], client, now.AddMilliseconds(1), connected: true));
            }

            var paused = GC.GetTotalPauseDuration();
            var watch = Stopwatch.StartNew();
            state.ApplyBatch(batch);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            latencies.Add(elapsed);
            withoutGc.Add(elapsed - (GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
            next += TimeSpan.FromMilliseconds(20);
            if (next > clock.Elapsed)
            {
                Thread.Sleep(next - clock.Elapsed);
            }
        }

        return (latencies, withoutGc);
    }

    /// <summary>The live-state bench's connect, at the given time, or a disconnect of the same connection.</summary>
    private static ConnectionEvent Event(string id, int i, DateTimeOffset at, bool connected) => connected
        ? LiveStateScale.Connect(id, i, at) with { EventTime = at, ConnectedAt = at }
        : LiveStateScale.Connect(id, i, at) with { Kind = ConnectionEventKind.Disconnected, EventTime = at, ConnectedAt = null, Reason = "tcp_closed" };

    private static void Report(string what, (List<double> Latencies, List<double> WithoutGc) measured, List<double>? queries, GcMark gcBefore)
    {
        var gc = GcMark.Now();
        var line = $"apply {what}: {measured.Latencies.Count} batches, {Figures(measured.Latencies)}; less GC pauses {Figures(measured.WithoutGc)}";
        if (queries is { Count: > 0 })
        {
            queries.Sort();
            line += $"; reader: {queries.Count} queries, p50 {Percentile(queries, 0.50):F0} ms, max {queries[^1]:F0} ms";
        }

        // Outliers are often the garbage collector stopping every thread, which no lock can help: say how much of that there was.
        line += $"; GCs gen0/1/2 {gc.Gen0 - gcBefore.Gen0}/{gc.Gen1 - gcBefore.Gen1}/{gc.Gen2 - gcBefore.Gen2}, paused {(gc.Paused - gcBefore.Paused).TotalMilliseconds:F0} ms in all";
        Console.WriteLine(line);
    }

    private readonly record struct GcMark(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
    {
        public static GcMark Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    }

    private static string Figures(List<double> latencies)
    {
        latencies.Sort();
        return $"p50 {Percentile(latencies, 0.50):F1} ms, p95 {Percentile(latencies, 0.95):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, " +
            $"max {latencies[^1]:F1} ms, over 50 ms: {latencies.Count(l => l > 50)}";
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
