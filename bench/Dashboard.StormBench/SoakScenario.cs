using System.Diagnostics;
using Microsoft.Playwright;

namespace Dashboard.StormBench;

/// <summary>
/// Soak: a wallboard left open in Chromium (1920x1080, rotating panel sets) while the firehose
/// churns a bounded set of clients, so a correct app's memory levels off. Every 30 s it reads the
/// page's JS heap, DOM nodes and listeners and the dashboard's memory; optionally restarts the
/// dashboard mid-run and checks that the untouched page recovers by itself; at the end reconciles
/// the online count on screen, in the API and in the reference set, and the history rows.
/// </summary>
internal static class SoakScenario
{
    public const string WallboardOnline = "[data-testid=wb-online]";

    // Online is in both sets so it can always be read; the rest come and go every 15 s, so the
    // rates, reasons chart and conflicts table are built and torn down 60 times in 15 minutes.
    // Two sets of 15 s and a reading every 30 s: each reading finds the same set, like with like.
    private const string WallboardPath = "wallboard?sets=online+rates|online+reasons+conflicts&rotate=15";
    private const string ShownSet = "[data-testid=wallboard-set]";

    // Bounded: every client flips between online and offline, so live state stops growing once all are known.
    private const int Clients = 5_000;

    private static readonly TimeSpan Every = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(90);

    // Set when the page is opened and after each reading: gone means the page loaded anew.
    private const string MarkScript = "() => { const fresh = window.__soakMark !== true; window.__soakMark = true; return fresh; }";

    public static async Task<int> RunAsync(double rate, int minutes, int? restartAtMinute)
    {
        Console.WriteLine($"soak: {rate:N0} events/s over {Clients:N0} client IDs for {minutes} min, /{WallboardPath} open at 1920x1080, "
            + $"readings every {Every.TotalSeconds:0} s{(restartAtMinute is { } m ? $", dashboard restarted at minute {m}" : string.Empty)}");
        await using var run = await BenchRun.StartAsync();
        await using var browser = await BrowserPages.LaunchAsync();
        var page = await browser.OpenAsync(new Uri(run.Server.BaseAddress, WallboardPath), new ViewportSize { Width = 1920, Height = 1080 }, WallboardOnline);
        await page.EvaluateAsync<bool>(MarkScript);
        await using var memory = await PageMemory.AttachAsync(page);

        var options = run.Firehose(rate, minutes * 60);
        options.Clients = Clients;
        var timeline = PublishTimeline.Start(options);
        var finished = timeline.WaitAsync();
        var clock = Stopwatch.StartNew();
        var restartAt = restartAtMinute is { } minute ? TimeSpan.FromMinutes(minute) : (TimeSpan?)null;
        var samples = new List<SoakSample>();
        string recovery = "no restart asked for";
        bool recovered = restartAt is null;
        var nextReading = TimeSpan.Zero;
        while (!finished.IsCompleted)
        {
            if (restartAt is { } at && clock.Elapsed >= at)
            {
                restartAt = null;
                (recovered, recovery) = await RestartAsync(run, page);
                Console.Error.WriteLine(recovery);
            }

            if (clock.Elapsed >= nextReading)
            {
                samples.Add(await ReadAsync(run, page, memory, clock.Elapsed));
                nextReading += Every;
            }

            await Task.WhenAny(finished, Task.Delay(TimeSpan.FromSeconds(1)));
        }

        var result = timeline.Result;
        var settled = await SettleAsync(run, page, result.Published);
        samples.Add(await ReadAsync(run, page, memory, clock.Elapsed));

        Console.WriteLine();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("| --- | --- |");
        BenchRun.PrintFirehose(result, timeline);
        Console.WriteLine($"| restart | {recovery} |");
        Console.WriteLine();
        SoakSamples.PrintTable(samples);
        Console.WriteLine();
        Console.WriteLine("Growth of each memory figure, middle third to last third of the run:");
        SoakSamples.PrintGrowth(samples);
        Console.WriteLine();
        return Reconcile(result.Published, result.Failed, settled) && recovered ? 0 : 1;
    }

    private static async Task<SoakSample> ReadAsync(BenchRun run, IPage page, PageMemory memory, TimeSpan elapsed)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await TryReadAsync(run, page, memory, elapsed);
            }
            catch (PlaywrightException ex) when (attempt < 3)
            {
                // The page was between documents (reloading): try again once it has one.
                Console.Error.WriteLine($"reading the page failed ({ex.Message.Split('\n')[0]}); retrying");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    private static async Task<SoakSample> TryReadAsync(BenchRun run, IPage page, PageMemory memory, TimeSpan elapsed)
    {
        var pageMemory = await memory.ReadAsync();
        var server = ProcessSample.Read(run.Server.ProcessId);
        bool reloaded = await page.EvaluateAsync<bool>(MarkScript);
        var set = await page.GetAttributeAsync(ShownSet, "data-panels", new() { Timeout = 5_000 });
        return new SoakSample(elapsed.TotalMinutes, set ?? "-", pageMemory, run.Server.ProcessId, server.RssBytes, server.AnonBytes,
            await TryReadOnlineAsync(page), await run.Server.TryGetOnlineAsync(), run.Tap.Online, reloaded);
    }

    /// <summary>
    /// Restarts the dashboard, then waits until the page shows a live number again: one that has
    /// changed since the server came back (events keep flowing, so a live page's number moves) and
    /// is within 2% of the API's (exact agreement is only checked once the firehose has stopped).
    /// </summary>
    private static async Task<(bool Recovered, string Summary)> RestartAsync(BenchRun run, IPage page)
    {
        var watch = Stopwatch.StartNew();
        await run.Server.RestartAsync();
        var serverBack = watch.Elapsed;
        var shownWhenBack = await TryReadOnlineAsync(page);
        try
        {
            await Wait.UntilAsync(
                async () => await TryReadOnlineAsync(page) is { } shown && shown != shownWhenBack
                    && await run.Server.TryGetOnlineAsync() is { } api && Math.Abs(shown - api) <= api / 50,
                RecoveryLimit,
                "the wallboard shows a live online count again",
                TimeSpan.FromMilliseconds(250));
            return (true, $"dashboard stopped (SIGTERM) and answering again after {serverBack.TotalSeconds:0.0} s; the untouched page showed a live online count within 2% of the API's {(watch.Elapsed - serverBack).TotalSeconds:0.0} s later");
        }
        catch (TimeoutException)
        {
            return (false, $"dashboard answering again after {serverBack.TotalSeconds:0.0} s; the page did NOT show a live online count within {RecoveryLimit.TotalSeconds:0} s");
        }
    }

    /// <summary>After the last publish: waits until screen, API, reference set and history rows agree.</summary>
    private static async Task<(long? Shown, int? Api, int Reference, long Rows)> SettleAsync(BenchRun run, IPage page, long published)
    {
        (long? Shown, int? Api, int Reference, long Rows) last = default;
        try
        {
            await Wait.UntilAsync(
                async () =>
                {
                    last = (await TryReadOnlineAsync(page), await run.Server.TryGetOnlineAsync(), run.Tap.Online, await run.Server.CountHistoryRowsAsync());
                    return last.Shown == last.Reference && last.Api == last.Reference && last.Rows == published;
                },
                SettleLimit,
                "the wallboard, the API and the reference set agree and every event is stored",
                TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException ex)
        {
            // Reported as a mismatch, with the numbers.
            Console.Error.WriteLine(ex.Message);
        }

        return last;
    }

    private static bool Reconcile(long published, long failed, (long? Shown, int? Api, int Reference, long Rows) final)
    {
        Console.WriteLine($"Reconciliation once the firehose stopped ({Units.N(published)} events published and acknowledged):");
        var checks = new List<(string What, long Value, long Expected)>
        {
            ("publishes that failed or were not acknowledged", failed, 0),
            ("history rows (counted in SQLite), across the restart", final.Rows, published),
            ("online on the wallboard", final.Shown ?? -1, final.Reference),
            ("online in the API (/api/clients?state=online)", final.Api ?? -1, final.Reference),
        };
        foreach (var (what, value, expected) in checks)
        {
            Console.WriteLine($"  {(value == expected ? "ok  " : "FAIL")} {what}: {Units.N(value)} (expected {Units.N(expected)})");
        }

        Console.WriteLine($"  (reference online: the second subscriber's set, {Units.N(final.Reference)})");
        return checks.All(c => c.Value == c.Expected);
    }

    /// <summary>The wallboard's online number now, or null while the page has none (reloading, say).</summary>
    private static async Task<long?> TryReadOnlineAsync(IPage page)
    {
        try
        {
            var text = await page.EvaluateAsync<string?>("s => document.querySelector(s)?.textContent?.trim() ?? null", WallboardOnline);
            return string.IsNullOrEmpty(text) ? null : BrowserPages.ParseNumber(text);
        }
        catch (PlaywrightException)
        {
            // The page is navigating (a reload after the restart): its old context is gone.
            return null;
        }
    }
}
