using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Dashboard.Core.Emqx;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Emqx;
using Dashboard.History;
using Dashboard.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Bench.Reconcile;

/// <summary>
/// A reconcile of N clients against the demo EMQX API (its own process, over a synthetic table):
/// the dashboard's real pipeline (live state, SQLite history, acknowledgements) and API client, the
/// reconcile as the app runs it, and a steady stream of live events written into the same channel
/// the whole time, each timed from its write to its acknowledgement (applied and stored). Three
/// phases: events alone (the reference), the bootstrap (N clients, none known: all marked online),
/// and a steady-state reconcile (all known, some gone from the broker: those marked offline).
/// </summary>
internal static class ReconcileScale
{
    private const int LiveClients = 5000;

    public static async Task<int> RunAsync(long clients, int eventsPerSecond, int removed)
    {
        Console.WriteLine($"reconcile: {clients:N0} clients at the demo API, {eventsPerSecond:N0} live events/s throughout, {removed:N0} removed before the second reconcile");
        using var child = StartApi(clients);
        var url = await ReadUrlAsync(child);
        var directory = Directory.CreateTempSubdirectory("reconcile-bench-").FullName;
        try
        {
            await using var history = HistoryStoreFactory.Create("sqlite", null, directory);
            await history.InitializeAsync(CancellationToken.None);
            var ingest = new IngestOptions();
            var diagnostics = new IngestDiagnostics();
            using var state = new LiveState(new LiveStateOptions(), diagnostics, TimeProvider.System);
            var channel = new IngestChannel(ingest.ChannelCapacity);
            var notifier = new ChangeNotifier(TimeSpan.FromMilliseconds(ingest.NotifyIntervalMilliseconds), TimeProvider.System);
            using var stop = new CancellationTokenSource();
            var pipeline = Task.Run(() => new EventPipeline(channel.Reader, state, notifier, history, new HistoryStatus("sqlite"), TimeProvider.System, ingest.MaxBatchSize).RunAsync(stop.Token));
            await using var services = ApiServices(url);
            var api = services.GetRequiredService<EmqxApiClient>();

            var load = new LiveLoad(channel.Writer, LiveClients, eventsPerSecond);
            var loadTask = Task.Run(() => load.RunAsync(stop.Token));
            await Task.Delay(TimeSpan.FromSeconds(5));
            load.Phase = "events alone";
            await Task.Delay(TimeSpan.FromSeconds(20));

            var bootstrap = await MeasureAsync("bootstrap", state, channel, api, ingest.MaxClockSkew, load);
            load.Phase = "";
            await Task.Delay(TimeSpan.FromSeconds(5));
            await child.StandardInput.WriteLineAsync($"remove {removed}");
            await child.StandardOutput.ReadLineAsync();
            var steady = await MeasureAsync("steady state", state, channel, api, ingest.MaxClockSkew, load);
            load.Phase = "";

            await stop.CancelAsync();
            await Task.WhenAll(Quietly(pipeline), Quietly(loadTask));

            var reference = load.Latencies("events alone");
            Console.WriteLine();
            Console.WriteLine($"| figure | bootstrap | steady state |");
            Console.WriteLine($"| --- | --- | --- |");
            Row("listed / marked online / marked offline / unchanged", bootstrap.Figures, steady.Figures, f => $"{f.BrokerOnline:N0} / {f.MarkedOnline:N0} / {f.MarkedOffline:N0} / {f.Unchanged:N0}");
            Row("pages", bootstrap.Figures, steady.Figures, f => f.Pages.ToString("N0", CultureInfo.InvariantCulture));
            Row("wall time (listing to last correction stored)", bootstrap.Figures, steady.Figures, f => $"{f.DurationMs / 1000.0:F1} s");
            Row("sweep scan under the read lock", bootstrap.Figures, steady.Figures, f => $"{f.SweepScanMs} ms");
            Console.WriteLine($"| managed heap before → peak during → after (full GC before and after) | {bootstrap.Memory} | {steady.Memory} |");
            Console.WriteLine($"| working set peak during (whole bench process) | {bootstrap.PeakWorkingSetMb:F0} MB | {steady.PeakWorkingSetMb:F0} MB |");
            var b = load.Latencies("bootstrap");
            var s = load.Latencies("steady state");
            Console.WriteLine($"| live events during it: count, p50 / p99 write→stored | {b.Describe()} | {s.Describe()} |");
            Console.WriteLine($"| ratio to events alone ({reference.Describe()}), p50 / p99 | {b.Ratio(reference)} | {s.Ratio(reference)} |");
            return 0;
        }
        finally
        {
            child.StandardInput.Close();
            if (!child.WaitForExit(5000))
            {
                child.Kill();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<Measured> MeasureAsync(string phase, LiveState state, IngestChannel channel, EmqxApiClient api, TimeSpan skew, LiveLoad load)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var sampler = new MemorySampler();
        load.Phase = phase;
        var figures = new ReconcileFigures();
        await new ReconcileRun(state, channel.Writer, TimeProvider.System, skew).RunAsync(api.ListConnectedAsync(CancellationToken.None), figures, CancellationToken.None);
        load.Phase = "";
        var (peakHeap, peakWorkingSet) = sampler.Stop();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"{phase}: {figures.BrokerOnline:N0} listed, {figures.MarkedOnline:N0} online, {figures.MarkedOffline:N0} offline, {figures.Unchanged:N0} unchanged, {figures.Pages} pages, {figures.DurationMs} ms; sweep scan {figures.SweepScanMs} ms");
        return new Measured(figures, $"{Mb(heapBefore)} → {Mb(peakHeap)} → {Mb(heapAfter)} MB", peakWorkingSet / 1048576.0);
    }

    private static void Row(string name, ReconcileFigures bootstrap, ReconcileFigures steady, Func<ReconcileFigures, string> cell) =>
        Console.WriteLine($"| {name} | {cell(bootstrap)} | {cell(steady)} |");

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);

    private static ServiceProvider ApiServices(string url)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(EmqxApiClient.HttpClientName, client =>
        {
            client.BaseAddress = new Uri(url.TrimEnd('/') + "/api/v5/");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ReconcileApiHost.Key}:{ReconcileApiHost.Secret}")));
        });
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new EmqxOptions { ApiUrl = url, ApiKey = ReconcileApiHost.Key, ApiSecret = ReconcileApiHost.Secret }));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new IngestOptions()));
        services.AddSingleton<EmqxApiClient>();
        return services.BuildServiceProvider();
    }

    private static Process StartApi(long clients)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Dashboard.Bench.dll"));
        start.ArgumentList.Add("reconcile-api");
        start.ArgumentList.Add(clients.ToString(CultureInfo.InvariantCulture));
        return Process.Start(start)!;
    }

    private static async Task<string> ReadUrlAsync(Process child)
    {
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("url ", StringComparison.Ordinal))
            {
                return line[4..];
            }
        }

        throw new InvalidOperationException("The demo API process ended before it listened.");
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private sealed record Measured(ReconcileFigures Figures, string Memory, double PeakWorkingSetMb);
}
