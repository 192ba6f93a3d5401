using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.Bench.Ingest;

/// <summary>
/// The live state at scale, through the real app: N distinct clients connect (firehose over
/// mosquitto, QoS 1, SQLite history), then the managed heap after a full GC against the empty app's,
/// the Clients API's page and search times over HTTP, and the time a restart takes to rebuild live
/// state from that history before it serves.
/// </summary>
internal static partial class OnlineScale
{
    private const int Samples = 5;

    public static async Task<int> RunAsync(int clients)
    {
        Console.WriteLine($"scale: {clients:N0} distinct clients online through the real app (Release process, SQLite history)");
        var dataDirectory = Directory.CreateTempSubdirectory("bench-scale-").FullName;
        try
        {
            await using var broker = await BenchBroker.StartAsync();
            var settings = new Dictionary<string, string>
            {
                ["History:Provider"] = "sqlite",
                ["History:DataDirectory"] = dataDirectory,
            };
            long emptyHeap, fullHeap;
            await using (var dashboard = await DashboardUnderTest.StartAsync(broker, "bench-scale", settings))
            {
                emptyHeap = await GcHeap.LiveBytesAsync(dashboard.ProcessId);
                Console.WriteLine($"managed heap of the empty app after a full GC: {Mb(emptyHeap)}");
                await ConnectAllAsync(broker, dashboard, clients);
                fullHeap = await GcHeap.LiveBytesAsync(dashboard.ProcessId);
                Console.WriteLine($"managed heap with {clients:N0} online after a full GC: {Mb(fullHeap)}; the online set: {Mb(fullHeap - emptyHeap)}, {(fullHeap - emptyHeap) / (double)clients:F0} B per client (client IDs included)");
                await TimeQueriesAsync(dashboard);
            }

            // A crash, then a start on the same history: live state is rebuilt before the API serves.
            await using (var restarted = await DashboardUnderTest.StartAsync(broker, "bench-scale", settings, waitForMqtt: false))
            {
                var serving = Stopwatch.GetElapsedTime(restarted.StartedTicks);
                var online = (await restarted.GetClientsAsync("?state=online&pageSize=1")).Total;
                var rebuilt = restarted.Log.Select(line => RebuildLine().Match(line)).FirstOrDefault(m => m.Success);
                Console.WriteLine($"restart: serving after {serving.TotalSeconds:F1} s with {online:N0} online; {(rebuilt is null ? "no rebuild line logged" : $"rebuild from {rebuilt.Groups[1].Value} events took {rebuilt.Groups[2].Value} ms (store open, load and apply)")}");
                var rebuiltHeap = await GcHeap.LiveBytesAsync(restarted.ProcessId);
                Console.WriteLine($"managed heap after the rebuild, after a full GC: {Mb(rebuiltHeap)}");
                return online == clients ? 0 : 1;
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task ConnectAllAsync(BenchBroker broker, DashboardUnderTest dashboard, int clients)
    {
        var firehose = BenchFirehose.Create(broker, "bench-scale-firehose", clients, clients, qos: 1, connectAllFirst: true);
        var watching = ProcessedWatch.RunAsync(dashboard, clients, TimeSpan.FromSeconds(30));
        var published = await firehose.RunAsync(CancellationToken.None);
        var (window, status) = await watching;
        var online = (await dashboard.GetClientsAsync("?state=online&pageSize=1")).Total;
        Console.WriteLine($"connected {published.Published:N0} clients (published at {published.EventsPerSecond:N0}/s); dashboard stored {status.History.Stored:N0} at {window.Rate:N0}/s; online now: {online:N0}");
        if (online != clients)
        {
            throw new InvalidOperationException($"expected {clients:N0} online, the Clients API says {online:N0}");
        }
    }

    /// <summary>The Clients page's requests, over HTTP, JSON included: each the median of five after one warm-up.</summary>
    private static async Task TimeQueriesAsync(DashboardUnderTest dashboard)
    {
        (string What, string Query)[] queries =
        [
            ("first page, newest first", "?pageSize=50"),
            ("page 200 of 50", "?page=200&pageSize=50"),
            ("search 'fh-00012' (client ID)", "?q=fh-00012&pageSize=50"),
            ("search '10.1.' (IP prefix)", "?q=10.1.&pageSize=50"),
            ("search with no match", "?q=no-such-client&pageSize=50"),
            ("all clients, sorted by client ID", "?state=all&sort=clientId&order=asc&pageSize=50"),
        ];
        foreach (var (what, query) in queries)
        {
            var total = (await dashboard.GetClientsAsync(query)).Total;
            var samples = new double[Samples];
            for (var i = 0; i < Samples; i++)
            {
                var watch = Stopwatch.StartNew();
                await dashboard.GetClientsAsync(query);
                samples[i] = watch.Elapsed.TotalMilliseconds;
            }

            Array.Sort(samples);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GET /api/clients{query} ({what}): median {samples[Samples / 2]:F1} ms, max {samples[^1]:F1} ms ({total:N0} matches)"));
        }
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MB");

    [GeneratedRegex(@"live state rebuilt from (\d+) events in (\d+) ms")]
    private static partial Regex RebuildLine();
}
