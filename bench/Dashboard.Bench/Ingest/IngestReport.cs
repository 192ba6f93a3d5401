using System.Globalization;
using Dashboard.Api;
using Dashboard.Simulator.Events;

namespace Dashboard.Bench.Ingest;

/// <summary>One run of the ingest benchmark: what was published and what each receiver made of it.</summary>
internal sealed record IngestRunResult(
    int Qos,
    string History,
    FirehoseResult Published,
    ReceiveWindow Reference,
    ReceiveWindow Dashboard,
    IngestStatusDto Status,
    TimeSpan DashboardCpu)
{
    public double Ratio => Reference.Rate > 0 ? Dashboard.Rate / Reference.Rate : 0;

    /// <summary>The issue's goals: 0.9 at QoS 1; 0.8 at QoS 0 with history on (no goal without it).</summary>
    public double? Goal => Qos == 1 ? 0.9 : History == "none" ? null : 0.8;

    /// <summary>Every published event reached both receivers exactly once, and the dashboard processed each.</summary>
    public bool Reconciled =>
        Published.Failed == 0
        && Reference.Count == Published.Published
        && Status.Received == Published.Published
        && Status.Accepted == Published.Published
        && Status.ParseFailures == 0
        && Status.Duplicates == 0
        && Dashboard.Count == Published.Published
        && (History == "none" || Status.History.Stored == Published.Published);
}

internal static class IngestReport
{
    public static void PrintRun(IngestRunResult r)
    {
        var s = r.Status;
        Console.WriteLine(Invariant($"   mosquitto_sub: {r.Reference.Count:N0} events in {r.Reference.Seconds:F2} s = {r.Reference.Rate:N0}/s"));
        Console.WriteLine(Invariant($"   dashboard:     {r.Dashboard.Count:N0} events in {r.Dashboard.Seconds:F2} s = {r.Dashboard.Rate:N0}/s (ratio {r.Ratio:F3}); CPU {r.DashboardCpu.TotalSeconds:F1} s = {r.DashboardCpu.TotalMicroseconds / Math.Max(1, r.Dashboard.Count):F1} µs per event"));
        Console.WriteLine(Invariant($"   reconciliation: published {r.Published.Published:N0} (failed {r.Published.Failed}), mosquitto_sub {r.Reference.Count:N0}, dashboard received {s.Received:N0}, accepted {s.Accepted:N0}, duplicates {s.Duplicates}, parse failures {s.ParseFailures}, stored {s.History.Stored:N0} (already stored {s.History.AlreadyStored}): {(r.Reconciled ? "exact" : "MISMATCH")}"));
    }

    public static void Print(IReadOnlyList<IngestRunResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("| QoS | history | events | mosquitto_sub events/s | dashboard events/s | ratio | goal | dashboard CPU µs/event | counts |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
        {
            var goal = r.Goal is { } g ? Invariant($"≥ {g:F1} {(r.Ratio >= g ? "met" : "MISSED")}") : "–";
            Console.WriteLine(Invariant($"| {r.Qos} | {r.History} | {r.Published.Published:N0} | {r.Reference.Rate:N0} | {r.Dashboard.Rate:N0} | {r.Ratio:F3} | {goal} | {r.DashboardCpu.TotalMicroseconds / Math.Max(1, r.Dashboard.Count):F1} | {(r.Reconciled ? "exact" : "MISMATCH")} |"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
