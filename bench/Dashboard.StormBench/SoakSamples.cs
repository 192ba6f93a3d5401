using System.Globalization;

namespace Dashboard.StormBench;

/// <summary>One soak reading: the wallboard page's memory, the dashboard process's, and the online count three ways.</summary>
/// <param name="Reloaded">The page loaded anew since the previous reading (its marker was gone).</param>
internal sealed record SoakSample(
    double Minute,
    string Panels,
    PageMemorySample Page,
    int ServerPid,
    long ServerRssBytes,
    long ServerAnonBytes,
    long? WallboardOnline,
    int? ApiOnline,
    int ReferenceOnline,
    bool Reloaded);

/// <summary>The soak's time series as a table, and how much each memory figure grew.</summary>
internal static class SoakSamples
{
    public static void PrintTable(IReadOnlyList<SoakSample> samples)
    {
        Console.WriteLine("| min | panels shown | page JS heap (after GC) | DOM nodes | JS listeners | documents | dashboard RSS | dashboard anon | wallboard online | API online | reference online | note |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        SoakSample? previous = null;
        foreach (var s in samples)
        {
            var notes = new List<string>();
            if (previous is not null && previous.ServerPid != s.ServerPid)
            {
                notes.Add("dashboard restarted");
            }

            if (s.Reloaded)
            {
                notes.Add("page reloaded");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Minute:0.0} | {s.Panels} | {Units.Mb(s.Page.JsHeapUsedBytes)} | {Units.N(s.Page.Nodes)} | {Units.N(s.Page.JsEventListeners)} | {s.Page.Documents} | {Units.Mb(s.ServerRssBytes)} | {Units.Mb(s.ServerAnonBytes)} | {Shown(s.WallboardOnline)} | {Shown(s.ApiOnline)} | {Units.N(s.ReferenceOnline)} | {string.Join(", ", notes)} |"));
            previous = s;
        }
    }

    /// <summary>
    /// Per figure: the median of the last third of the readings minus the median of the middle
    /// third (the first third is warm-up), so a leak shows as a clear positive step while noise
    /// and sawtooth garbage collection mostly cancel. Only the last life counts: the page's
    /// readings since it last loaded, the dashboard's since it last started.
    /// </summary>
    public static void PrintGrowth(IReadOnlyList<SoakSample> samples)
    {
        var pageLife = samples.Skip(samples.ToList().FindLastIndex(s => s.Reloaded) is var i and >= 0 ? i : 0).ToList();
        var serverLife = samples.Where(s => s.ServerPid == samples[^1].ServerPid).ToList();
        Console.WriteLine("| figure | middle third (median) | last third (median) | growth |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        PrintRow("page JS heap used, MB", pageLife, s => s.Page.JsHeapUsedBytes / 1048576.0);
        PrintRow("page DOM nodes", pageLife, s => s.Page.Nodes);
        PrintRow("page JS event listeners", pageLife, s => s.Page.JsEventListeners);
        PrintRow("dashboard RSS, MB", serverLife, s => s.ServerRssBytes / 1048576.0);
        PrintRow("dashboard anonymous memory, MB", serverLife, s => s.ServerAnonBytes / 1048576.0);
        Console.WriteLine($"(page: the {pageLife.Count} readings since it last loaded; dashboard: the {serverLife.Count} since it last started)");
    }

    private static void PrintRow(string figure, List<SoakSample> life, Func<SoakSample, double> value)
    {
        int third = life.Count / 3;
        if (third < 2)
        {
            Console.WriteLine($"| {figure} | too few readings ({life.Count}) | | |");
            return;
        }

        double middle = Median(life.Skip(third).Take(third).Select(value));
        double last = Median(life.Skip(life.Count - third).Select(value));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {figure} | {middle:0.0} | {last:0.0} | {last - middle:+0.0;-0.0;0.0} ({(last - middle) / Math.Max(1e-9, Math.Abs(middle)) * 100:+0;-0;0}%) |"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var latencies = new Latencies();
        foreach (var v in values)
        {
            latencies.Add(v);
        }

        return latencies.Percentile(50);
    }

    private static string Shown(long? value) => value is { } v ? Units.N(v) : "-";
}
