using System.Diagnostics;
using System.Threading.Channels;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.History;

namespace Dashboard.Bench;

/// <summary>
/// History at scale: load N events into a store through the real pipeline (live state, then the
/// store, in batches), then time per-client drill-down queries and measure the database size.
/// The reference is the same stream through the same pipeline with history off, in the same run.
/// </summary>
internal static class HistoryScale
{
    private const int EventsPerClient = 100;
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddDays(-29);

    public static async Task RunAsync(string provider, string? connectionString, long events)
    {
        var clients = (int)Math.Max(1, events / EventsPerClient);
        Console.WriteLine($"history: {provider}, {events:N0} events over {clients:N0} clients ({EventsPerClient} each, 29 days)");
        var dataDirectory = Directory.CreateTempSubdirectory("history-bench-").FullName;
        await using var store = HistoryStoreFactory.Create(provider, connectionString, dataDirectory);
        await store.InitializeAsync(CancellationToken.None);

        // The reference: a tenth of the stream with history off, to see what the store costs.
        var referenceEvents = Math.Min(events, 1_000_000);
        var reference = await PipelineRateAsync(new DisabledHistoryStore(), referenceEvents, clients, offset: 0);
        Console.WriteLine($"pipeline without history: {reference:N0} events/s ({referenceEvents:N0} events)");

        var rate = await PipelineRateAsync(store, events, clients, offset: 0);
        Console.WriteLine($"pipeline with {provider} history: {rate:N0} events/s ({events:N0} events), ratio to no history {rate / reference:F3}");

        var stats = await store.GetStatsAsync(CancellationToken.None);
        Console.WriteLine($"stored {stats.EventCount:N0} events; size {stats.SizeBytes / 1048576.0:F0} MB, {stats.SizeBytes / 1048576.0 / (stats.EventCount / 1e6):F0} MB per million events");

        await TimeDrillDownAsync(store, clients);
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static async Task<double> PipelineRateAsync(IHistoryStore store, long events, int clients, int offset)
    {
        var channel = Channel.CreateBounded<IngestItem>(new BoundedChannelOptions(100_000) { SingleReader = true });
        using var state = new LiveState(new LiveStateOptions(), new IngestDiagnostics(), TimeProvider.System);
        var notifier = new ChangeNotifier(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        var pipeline = new EventPipeline(channel.Reader, state, notifier, store, new HistoryStatus(store.Provider), TimeProvider.System);
        var watch = Stopwatch.StartNew();
        var consuming = pipeline.RunAsync(CancellationToken.None);
        for (long i = 0; i < events; i++)
        {
            await channel.Writer.WriteAsync(new IngestItem(Event(i + offset, clients), null));
            if (i % 1_000_000 == 999_999)
            {
                Console.WriteLine($"  {i + 1:N0} events, {(i + 1) / watch.Elapsed.TotalSeconds:N0}/s");
            }
        }

        channel.Writer.Complete();
        await consuming;
        return events / watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Event i belongs to client i % clients, its (i / clients)-th event: connects and disconnects
    /// alternate, spread evenly over the 29 days, with a realistic mix of reasons.
    /// </summary>
    private static ConnectionEvent Event(long i, int clients)
    {
        var client = (int)(i % clients);
        var n = i / clients;
        var span = TimeSpan.FromDays(29).TotalMilliseconds / EventsPerClient;
        var at = Start.AddMilliseconds((n * span) + (client % 1000));
        var connected = n % 2 == 0;
        var connectedAt = connected ? at : Start.AddMilliseconds(((n - 1) * span) + (client % 1000));
        return new ConnectionEvent
        {
            ClientId = $"device-{client:D7}",
            Kind = connected ? ConnectionEventKind.Connected : ConnectionEventKind.Disconnected,
            EventTime = at,
            ConnectedAt = connectedAt,
            ReceivedAt = at,
            Source = EventSourceKind.Mqtt,
            Username = "device",
            PeerIp = $"10.{client % 200}.{(client / 200) % 250}.{client % 250}",
            PeerPort = 30000 + (int)(n % 30000),
            Node = "emqx@10.0.0.1",
            Reason = connected ? null : Reasons[(int)(i % Reasons.Length)],
            Keepalive = connected ? 60 : null,
            CleanStart = connected ? true : null,
            ProtoVer = 5,
            RawJson = connected
                ? $$"""{"event":"client.connected","clientid":"device-{{client:D7}}","username":"device","connected_at":{{at.ToUnixTimeMilliseconds()}},"keepalive":60,"proto_ver":5}"""
                : $$"""{"event":"client.disconnected","clientid":"device-{{client:D7}}","username":"device","disconnected_at":{{at.ToUnixTimeMilliseconds()}},"reason":"normal"}""",
        };
    }

    private static readonly string[] Reasons = ["normal", "normal", "tcp_closed", "keepalive_timeout", "takenover", "normal", "kicked", "tcp_closed"];

    private static async Task TimeDrillDownAsync(IHistoryStore store, int clients)
    {
        var random = new Random(1);
        var to = DateTimeOffset.UtcNow;
        foreach (var (label, from) in new[] { ("24 h", to.AddDays(-1)), ("7 d", to.AddDays(-7)), ("30 d", to.AddDays(-30)) })
        {
            var samples = new List<double>();
            for (var q = 0; q < 200; q++)
            {
                var id = $"device-{random.Next(clients):D7}";
                var watch = Stopwatch.StartNew();
                await store.GetClientEventsAsync(id, from, to, 1000, CancellationToken.None);
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }

            samples.Sort();
            Console.WriteLine($"drill-down query, {label}: p50 {samples[100]:F1} ms, p95 {samples[190]:F1} ms, max {samples[^1]:F1} ms (200 random clients)");
        }
    }
}
