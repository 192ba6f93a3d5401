namespace Dashboard.StormBench;

/// <summary>
/// Fan-out: many <c>/hubs/live</c> clients and some real Blazor circuits (Overview pages in
/// Chromium) open while the firehose sends events; measures the server's CPU, memory per
/// connection and per circuit, and publish-to-update latency for both kinds.
/// </summary>
internal static class FanoutScenario
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan QuietSpan = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(double rate, int seconds, int hubs, int pages, int stuck)
    {
        Console.WriteLine($"fanout: {hubs} /hubs/live clients, {stuck} that never read, and {pages} Overview pages in Chromium, {rate:N0} events/s for {seconds} s");
        await using var run = await BenchRun.StartAsync();
        await using var browser = await BrowserPages.LaunchAsync();
        int pid = run.Server.ProcessId;

        await Task.Delay(Settle);
        var idle = ProcessSample.Read(pid);
        await using var clients = await HubClients.ConnectAsync(run.Server.BaseAddress, hubs);
        var stuckClients = new List<StuckHubClient>();
        for (int i = 0; i < stuck; i++)
        {
            stuckClients.Add(await StuckHubClient.ConnectAsync(run.Server.BaseAddress));
        }

        await Task.Delay(Settle);
        var withHubs = ProcessSample.Read(pid);
        for (int i = 0; i < pages; i++)
        {
            await browser.OpenAsync(run.Server.BaseAddress, StormScenario.ConnectsHour);
        }

        await Task.Delay(Settle);
        var withPages = ProcessSample.Read(pid);

        // What the open connections cost while nothing arrives: the pages' one-second refresh, hub keep-alives.
        await Task.Delay(QuietSpan);
        var quiet = ProcessSample.CpuPercent(withPages, ProcessSample.Read(pid));

        var sampler = new ProcessSampler(pid);
        var timeline = PublishTimeline.Start(run.Firehose(rate, seconds));
        var lag = new IngestLag(run, () => timeline.Published);
        await timeline.WaitAsync();
        var usage = await sampler.StopAsync();
        var result = timeline.Result;
        var (status, _) = await run.DrainAsync(result.Published);
        var lagRows = await lag.StopAsync();

        // Give the last coalesced update time to reach everyone.
        await Task.Delay(Settle);
        var received = clients.Received();
        stuckClients.ForEach(c => c.Dispose());
        var stamps = await browser.CollectAsync();

        Console.WriteLine();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("| --- | --- |");
        BenchRun.PrintFirehose(result, timeline);
        BenchRun.PrintUsage($"dashboard process while publishing, {hubs} hub clients + {pages} circuits", usage);
        Console.WriteLine($"| dashboard RSS: idle / +{hubs} hub clients / +{pages} circuits | {Units.Mb(idle.RssBytes)} / {Units.Mb(withHubs.RssBytes)} / {Units.Mb(withPages.RssBytes)} |");
        Console.WriteLine($"| per hub client (RSS, anonymous memory) | {PerEach(withHubs.RssBytes - idle.RssBytes, hubs)}, {PerEach(withHubs.AnonBytes - idle.AnonBytes, hubs)} |");
        Console.WriteLine($"| per Blazor circuit (RSS, anonymous memory) | {PerEach(withPages.RssBytes - withHubs.RssBytes, pages)}, {PerEach(withPages.AnonBytes - withHubs.AnonBytes, pages)} |");
        Console.WriteLine($"| dashboard CPU with everything open and no events ({QuietSpan.TotalSeconds:0} s) | {quiet:0}% of one core |");

        // Timed from the broker's delivery to the second subscriber, as in the storm.
        var hubLatency = ScreenLatency.OfValues(received, run.Tap.WhenConnectsReached);
        Console.WriteLine($"| hub update latency (publish to message received), p50 / p95 / max | {hubLatency} |");
        Console.WriteLine($"| hub updates per client | {Units.N(received.Min(r => r.Count))} to {Units.N(received.Max(r => r.Count))} |");
        var pageLatency = ScreenLatency.OfValues(stamps.SelectMany(p => p.BySelector.Values), run.Tap.WhenConnectsReached);
        Console.WriteLine($"| circuit update latency (publish to DOM), p50 / p95 / max | {pageLatency} |");
        Console.WriteLine();
        Console.WriteLine("Where events waited (polled every 5 s):");
        lagRows.ToList().ForEach(Console.WriteLine);

        int hubsFinal = received.Count(r => r.Count > 0 && r[^1].Value == result.Connected);
        int pagesFinal = stamps.Count(p => p.BySelector.Values.All(s => s.Count > 0 && s[^1].Value == result.Connected));
        bool ok = status.Received == result.Published && hubsFinal == hubs && pagesFinal == pages;
        Console.WriteLine();
        Console.WriteLine($"Reconciliation: published {Units.N(result.Published)}, dashboard received {Units.N(status.Received)}; "
            + $"{hubsFinal}/{hubs} hub clients and {pagesFinal}/{pages} pages end on the published {Units.N(result.Connected)} connects: {(ok ? "ok" : "FAIL")}");
        return ok ? 0 : 1;
    }

    private static string PerEach(long bytes, int count) => count == 0 ? "n/a" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0 / count:0} KB");
}
