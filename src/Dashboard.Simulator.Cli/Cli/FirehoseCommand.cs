using System.Globalization;
using Dashboard.Simulator.Events;

namespace Dashboard.Simulator.Cli;

/// <summary><c>firehose</c>: runs a <see cref="Firehose"/> and reports rate and totals.</summary>
internal static class FirehoseCommand
{
    private static readonly Dictionary<string, string> Arguments = new()
    {
        ["Broker.Host"] = "--host",
        ["Broker.Port"] = "--port",
        ["Rate"] = "--rate",
        ["Clients"] = "--clients",
        ["Count"] = "--count",
        ["Duration"] = "--duration",
        ["Qos"] = "--qos",
        ["MaxInFlight"] = "--max-in-flight",
        ["ConnectedTopic"] = "--connected-topic",
        ["DisconnectedTopic"] = "--disconnected-topic",
    };

    public static async Task<int> RunAsync(ArgumentReader args, TextWriter output, CancellationToken cancellationToken)
    {
        var options = new FirehoseOptions { Broker = BrokerArguments.Read(args) };
        options.Rate = args.Double("--rate", 0, 10_000_000) ?? options.Rate;
        options.Clients = args.Int("--clients", 1, FirehoseOptions.MaxClients) ?? options.Clients;
        options.Count = args.Long("--count", 1);
        options.Duration = args.Seconds("--duration");
        options.Qos = args.Int("--qos", 0, 1) ?? options.Qos;
        options.ConnectAllFirst = args.Flag("--connect-all-first");
        options.Seed = args.Int("--seed", int.MinValue, int.MaxValue) ?? options.Seed;
        options.MaxInFlight = args.Int("--max-in-flight", 1, 65_000) ?? options.MaxInFlight;
        options.ConnectedTopic = args.Text("--connected-topic") ?? options.ConnectedTopic;
        options.DisconnectedTopic = args.Text("--disconnected-topic") ?? options.DisconnectedTopic;
        args.ThrowIfUnknownLeft();
        UsageException.Validate(options.Validate, Arguments);

        var firehose = new Firehose(options);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"firehose to {options.Broker.Host}:{options.Broker.Port}: {(options.Rate > 0 ? $"{options.Rate:0} events/s" : "unpaced")}, "
            + $"{options.Clients} clients, QoS {options.Qos}, {(options.Count is { } n ? $"{n} events" : options.Duration is { } d ? $"{d.TotalSeconds:0.#} s" : "until Ctrl+C")}"));

        long lastPublished = 0;
        var run = firehose.RunAsync(cancellationToken);
        await ProgressPrinter.WhileRunningAsync(run, output, _ =>
        {
            var p = firehose.Progress;
            string line = string.Create(CultureInfo.InvariantCulture,
                $"[{p.Elapsed.TotalSeconds,5:0}s] published {p.Published} ({p.Published - lastPublished}/s now, {Average(p.Published, p.Elapsed):0}/s average)  "
                + $"connected {p.Connected}  disconnected {p.Disconnected}  failed {p.Failed}");
            lastPublished = p.Published;
            return line;
        });

        var result = await run;
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"published {result.Published} events in {result.Elapsed.TotalSeconds:0.00} s = {result.EventsPerSecond:0} events/s: "
            + $"{result.Connected} connected, {result.Disconnected} disconnected, {result.Failed} failed"));
        output.WriteLine("disconnect reasons: " + string.Join(", ", result.DisconnectReasons.Select(r => $"{r.Key} {r.Value}")));
        if (result.Error is not null)
        {
            output.WriteLine($"stopped early: {result.Error}");
            return ProgramExit.Failed;
        }

        return ProgramExit.Done;
    }

    private static double Average(long published, TimeSpan elapsed) => elapsed > TimeSpan.Zero ? published / elapsed.TotalSeconds : 0;
}
