namespace Dashboard.StormBench;

/// <summary>
/// Storm to screen: the Overview and Clients pages open in Chromium while the firehose publishes
/// a storm; measures publish-to-DOM latency, the server's CPU and memory, and reconciles every
/// count from publisher to screen.
/// </summary>
internal static class StormScenario
{
    public const string OnlineCount = "[data-testid=online-count]";
    public const string ConnectsHour = "[data-testid=connects-hour]";
    public const string ClientTotal = "[data-testid=client-total]";

    public static async Task<int> RunAsync(double rate, int seconds, bool history)
    {
        Console.WriteLine($"storm: {rate:N0} events/s for {seconds} s, Overview and Clients open in Chromium, history {(history ? "in SQLite" : "off")}");
        await using var run = await BenchRun.StartAsync(history);
        await using var browser = await BrowserPages.LaunchAsync();
        await browser.OpenAsync(run.Server.BaseAddress, OnlineCount, ConnectsHour);
        await browser.OpenAsync(new Uri(run.Server.BaseAddress, "clients"), ClientTotal);

        var serverBefore = ProcessSample.Read(run.Server.ProcessId);
        var server = new ProcessSampler(run.Server.ProcessId);
        var broker = new ProcessSampler(run.Broker.ProcessId);
        var timeline = PublishTimeline.Start(run.Firehose(rate, seconds));
        var lag = new IngestLag(run, () => timeline.Published);
        await timeline.WaitAsync();
        var serverUsage = await server.StopAsync();
        var brokerUsage = await broker.StopAsync();

        var result = timeline.Result;
        var (status, drained) = await run.DrainAsync(result.Published);
        var drainedAt = PublishTimeline.NowMs();
        var lagRows = await lag.StopAsync();
        long online = run.Tap.Online;
        var expected = new Dictionary<string, long> { [OnlineCount] = online, [ConnectsHour] = result.Connected, [ClientTotal] = online };
        var pages = await SettleAsync(browser, expected);

        // Read again after the pages settled: a run that did not drain in time may have caught up since.
        status = await run.Server.GetStatusAsync();
        long? rows = history ? await run.Server.CountHistoryRowsAsync() : null;

        Console.WriteLine();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("| --- | --- |");
        BenchRun.PrintFirehose(result, timeline);
        BenchRun.PrintUsage("dashboard process while publishing", serverUsage);
        Console.WriteLine($"| dashboard memory before the storm | RSS {Units.Mb(serverBefore.RssBytes)} |");
        BenchRun.PrintUsage("mosquitto while publishing", brokerUsage);
        Console.WriteLine($"| all received and stored, after the last publish | {(drained ? $"{drainedAt - timeline.LastPublishMs:0} ms" : "NOT DRAINED within 90 s")} |");
        var tapOffset = new Latencies();
        foreach (var (connects, at) in timeline.ConnectMilestones(ScreenLatency.MilestoneStep))
        {
            if (run.Tap.WhenConnectsReached(connects) is { } delivered)
            {
                tapOffset.Add(delivered - at);
            }
        }

        Console.WriteLine($"| second subscriber's delivery minus publisher's acknowledgement, per 1000th connect | {tapOffset} |");
        foreach (var page in pages)
        {
            foreach (var (selector, stamps) in page.BySelector)
            {
                // Timed from the broker's delivery to the second subscriber: the moment the dashboard could have had the event.
                var values = ScreenLatency.OfValues([stamps], selector == ConnectsHour ? run.Tap.WhenConnectsReached : run.Tap.WhenOnlineFirstReached);
                var span = stamps.Count > 1 ? (stamps[^1].AtMs - stamps[1].AtMs) / 1000 : 0;
                Console.WriteLine($"| {page.Path} {selector}: value latency p50 / p95 / max | {values} |");
                Console.WriteLine($"| {page.Path} {selector}: changes shown | {Units.N(stamps.Count - 1)} over {span:0.0} s |");
                if (selector == ConnectsHour)
                {
                    Console.WriteLine($"| {page.Path} {selector}: time to show every {ScreenLatency.MilestoneStep}th connect | {ScreenLatency.TimeToShow(stamps, run.Tap.ConnectMilestones(ScreenLatency.MilestoneStep))} |");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("Where events waited (polled every 5 s; the firehose stops at the last 'published' step):");
        lagRows.ToList().ForEach(Console.WriteLine);
        return Reconcile(result, run.Tap.Delivered, status, rows, online, result.Connected, pages) ? 0 : 1;
    }

    /// <summary>Waits (up to 15 s) until every watched number shows its final expected value, then returns all stamps.</summary>
    private static async Task<IReadOnlyList<PageStamps>> SettleAsync(BrowserPages browser, Dictionary<string, long> expected)
    {
        IReadOnlyList<PageStamps> pages = [];
        try
        {
            await Wait.UntilAsync(
                async () =>
                {
                    pages = await browser.CollectAsync();
                    return pages.All(p => p.BySelector.All(s => s.Value.Count > 0 && s.Value[^1].Value == expected[s.Key]));
                },
                TimeSpan.FromSeconds(15),
                "every page shows the final counts",
                TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException)
        {
            // Reported as a mismatch below, with the numbers.
        }

        return pages;
    }

    private static bool Reconcile(Dashboard.Simulator.Events.FirehoseResult result, long delivered, Dashboard.Api.IngestStatusDto status, long? rows, long online, long connects, IReadOnlyList<PageStamps> pages)
    {
        Console.WriteLine();
        Console.WriteLine($"Reconciliation against the {Units.N(result.Published)} events published and acknowledged by the broker:");
        long published = result.Published;
        var checks = new List<(string What, long Value, long Expected)>
        {
            ("publishes that failed or were not acknowledged", result.Failed, 0),
            ("delivered by the broker to a second subscriber", delivered, published),
            ("dashboard received (/api/ingest/status)", status.Received, published),
            ("dashboard accepted", status.Accepted, published),
        };
        if (rows is { } stored)
        {
            checks.Add(("history stored (status)", status.History.Stored, published));
            checks.Add(("history rows (counted in SQLite)", stored, published));
        }

        checks.Add(("parse failures + duplicates + out of order", status.ParseFailures + status.Duplicates + status.OutOfOrder, 0));
        foreach (var page in pages)
        {
            foreach (var (selector, stamps) in page.BySelector)
            {
                // Online: the second subscriber's reference set (connects, less sessions ended other than by takeover).
                checks.Add(($"on screen: {page.Path} {selector}", stamps.Count > 0 ? stamps[^1].Value : -1, selector == ConnectsHour ? connects : online));
            }
        }

        foreach (var (what, value, expected) in checks)
        {
            Console.WriteLine($"  {(value == expected ? "ok  " : "FAIL")} {what}: {Units.N(value)} (expected {Units.N(expected)})");
        }

        var ok = checks.All(c => c.Value == c.Expected);
        Console.WriteLine(ok ? "All counts reconcile exactly: nothing dropped." : "COUNTS DO NOT RECONCILE.");
        return ok;
    }
}
