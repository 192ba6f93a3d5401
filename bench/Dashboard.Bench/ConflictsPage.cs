using System.Diagnostics;
using Dashboard.Api;
using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Notifications;

namespace Dashboard.Bench;

/// <summary>
/// One page of the Conflicts table over many active findings (issue 17: usable with 10,000). Each client ID is
/// taken over back and forth between two IPs, so each is one active client-ID conflict. Times the service's
/// page read (filter, sort, take 50) for several queries, median of nine after a warm-up; the reference in the
/// same run is what the page and the API did before paging: every finding turned into its API shape.
/// </summary>
internal static class ConflictsPage
{
    public static void Run(int findings)
    {
        Console.WriteLine($"conflicts-page: {findings:N0} client IDs, each shared by two devices");
        var time = TimeProvider.System;
        var notifier = new ChangeNotifier(TimeSpan.FromSeconds(1), time);
        var service = new ConflictService(new ConflictDetector(new ConflictOptions { MaxTrackedClients = Math.Max(findings * 2, 10_000) }), notifier, time);
        var now = time.GetUtcNow();
        var feed = Stopwatch.StartNew();
        for (var i = 0; i < findings; i++)
        {
            service.Apply(TestEvents.Swaps(now, $"dev-{i:D6}", 3 + (i % 7)));
        }

        Console.WriteLine($"fed in {feed.Elapsed.TotalSeconds:F1} s; active findings: {service.GetFindings(FindingState.Active).Count:N0}");

        var reference = Median("reference: every active finding as FindingDto (the unpaged read)", () =>
            service.GetFindings(FindingState.Active).Select(f => FindingDto.From(f, service.Acknowledgements.StatusOf(f))).Count());
        Report("page 1, by severity (the default)", new FindingQuery(), reference);
        Report("page 100, by count", new FindingQuery(Sort: FindingSort.Count, Page: 100), reference);
        Report("last page, by client", new FindingQuery(Sort: FindingSort.Client, Page: (findings / FindingQuery.DefaultPageSize) + 1), reference);
        Report("search 'dev-0099' (100 matches at 10,000), by last seen", new FindingQuery(Search: "dev-0099", Sort: FindingSort.LastSeen), reference);
        Report("kind flapping (no match)", new FindingQuery(Kind: FindingKind.Flapping), reference);

        void Report(string what, FindingQuery query, double referenceMs)
        {
            var ms = Median(what, () => service.GetFindingPage(query).Items.Select(f => FindingDto.From(f, service.Acknowledgements.StatusOf(f))).Count());
            Console.WriteLine($"    ×{ms / referenceMs:F2} of the reference");
        }
    }

    private static double Median(string what, Func<int> read)
    {
        read();
        var samples = new double[9];
        var rows = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            rows = read();
            samples[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        Console.WriteLine($"{what}: median {samples[4]:F1} ms, min {samples[0]:F1}, max {samples[^1]:F1} ms ({rows:N0} rows)");
        return samples[4];
    }
}
