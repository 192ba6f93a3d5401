using System.Globalization;
using Dashboard.Simulator.Fleet;

namespace Dashboard.Simulator.Cli;

/// <summary><c>fleet</c>: runs a <see cref="FleetSimulator"/> and reports its counters.</summary>
internal static class FleetCommand
{
    private static readonly Dictionary<string, string> Arguments = new()
    {
        ["Broker.Host"] = "--host",
        ["Broker.Port"] = "--port",
        ["FleetSize"] = "--size",
        ["ClientIdPrefix"] = "--prefix",
        ["MeanSessionLength"] = "--session-seconds",
        ["MeanOfflineTime"] = "--offline-seconds",
        ["StartupSpread"] = "--startup-seconds",
        ["SourceAddresses"] = "--source-addresses",
        ["ForbiddenTopic"] = "--forbidden-topic",
        ["BadPassword"] = "--bad-password",
        ["CredentialsRotationShare"] = "--rotation-share",
        ["CredentialsRotationEvery"] = "--rotation-every",
        ["CredentialsRotationLength"] = "--rotation-seconds",
        ["MassDisconnectShare"] = "--outage-share",
        ["MassDisconnectEvery"] = "--outage-every",
        ["MassDisconnectLength"] = "--outage-seconds",
    };

    public static async Task<int> RunAsync(ArgumentReader args, TextWriter output, CancellationToken cancellationToken)
    {
        var options = new FleetOptions { Broker = BrokerArguments.Read(args) };
        options.FleetSize = args.Int("--size", 1, 100_000) ?? options.FleetSize;
        options.Seed = args.Int("--seed", int.MinValue, int.MaxValue) ?? options.Seed;
        options.ClientIdPrefix = args.Text("--prefix") ?? options.ClientIdPrefix;
        options.MeanSessionLength = args.Seconds("--session-seconds") ?? options.MeanSessionLength;
        options.MeanOfflineTime = args.Seconds("--offline-seconds") ?? options.MeanOfflineTime;
        options.StartupSpread = args.Seconds("--startup-seconds") ?? options.StartupSpread;
        options.ForbiddenTopic = args.Text("--forbidden-topic") ?? options.ForbiddenTopic;
        options.BadPassword = args.Text("--bad-password") ?? options.BadPassword;
        options.CredentialsRotationShare = args.Double("--rotation-share", 0, 1) ?? options.CredentialsRotationShare;
        options.CredentialsRotationEvery = args.Seconds("--rotation-every") ?? options.CredentialsRotationEvery;
        options.CredentialsRotationLength = args.Seconds("--rotation-seconds") ?? options.CredentialsRotationLength;
        options.MassDisconnectShare = args.Double("--outage-share", 0, 1) ?? options.MassDisconnectShare;
        options.MassDisconnectEvery = args.Seconds("--outage-every") ?? options.MassDisconnectEvery;
        options.MassDisconnectLength = args.Seconds("--outage-seconds") ?? options.MassDisconnectLength;
        if (args.Text("--source-addresses") is { } addresses)
        {
            options.SourceAddresses = addresses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var duration = args.Seconds("--duration");
        using var http = new HttpClient();
        options.KickAsync = ReadKick(args, http);
        args.ThrowIfUnknownLeft();
        UsageException.Validate(options.Validate, Arguments);
        if (options.ConflictShare > 0 && !SourceAddressProbe.CanBindAll(options.SourceAddresses, out string? problem))
        {
            throw new UsageException($"--source-addresses: {problem} (list addresses of this machine, or run where 127.0.0.0/8 is all loopback)");
        }

        var simulator = new FleetSimulator(options);
        output.WriteLine($"fleet of {simulator.Plan.Count} devices against {options.Broker.Host}:{options.Broker.Port}, seed {options.Seed}: "
            + string.Join(", ", simulator.Plan.GroupBy(d => d.Profile).Select(g => $"{g.Key} {g.Count()}")));
        if (options.KickAsync is null)
        {
            output.WriteLine("no kick profile: pass --emqx-api, --emqx-key and --emqx-secret to kick through EMQX's REST API");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (duration is { } limit)
        {
            stop.CancelAfter(limit);
        }

        long lastConnects = 0;
        await ProgressPrinter.WhileRunningAsync(simulator.RunAsync(stop.Token), output, elapsed =>
        {
            long connects = simulator.Stats.TotalConnects;
            string line = ProgressLine(elapsed, simulator.Stats.Snapshot(), connects - lastConnects);
            lastConnects = connects;
            return line;
        });

        WriteSummary(output, simulator.Stats.Snapshot());
        return simulator.Stats.TotalConnects > 0 ? ProgramExit.Done : ProgramExit.Failed;
    }

    private static Func<string, CancellationToken, Task>? ReadKick(ArgumentReader args, HttpClient http)
    {
        string? api = args.Text("--emqx-api");
        string? key = args.Text("--emqx-key");
        string? secret = args.Text("--emqx-secret");
        if (api is null && key is null && secret is null)
        {
            return null;
        }

        if (api is null || key is null || secret is null)
        {
            throw new UsageException("--emqx-api, --emqx-key and --emqx-secret go together");
        }

        if (!Uri.TryCreate(api.EndsWith('/') ? api : api + "/", UriKind.Absolute, out var apiBase) || apiBase.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--emqx-api must be an http(s) URL such as http://127.0.0.1:18083, got '{api}'");
        }

        return new EmqxKick(http, apiBase, key, secret).KickAsync;
    }

    private static string ProgressLine(TimeSpan elapsed, IReadOnlyList<ProfileStats> stats, long newConnects)
    {
        var disconnects = stats.SelectMany(s => s.Disconnects)
            .GroupBy(d => d.Key)
            .OrderByDescending(g => g.Sum(d => d.Value))
            .Select(g => $"{g.Key} {g.Sum(d => d.Value)}");
        return string.Create(CultureInfo.InvariantCulture,
            $"[{elapsed.TotalSeconds,5:0}s] connects {stats.Sum(s => s.Connects)} (+{newConnects}/s)  refused {stats.Sum(s => s.ConnectFailures)}  "
            + $"disconnects: {string.Join(", ", disconnects)}  errors {stats.Sum(s => s.Errors)}");
    }

    private static void WriteSummary(TextWriter output, IReadOnlyList<ProfileStats> stats)
    {
        output.WriteLine();
        output.WriteLine($"{"profile",-15} {"devices",7} {"connects",9} {"refused",8} {"errors",7}  disconnects by reason");
        foreach (var s in stats.Where(s => s.Devices > 0))
        {
            string reasons = string.Join(", ", s.Disconnects.OrderByDescending(d => d.Value).Select(d => $"{d.Key} {d.Value}"));
            output.WriteLine($"{s.Profile,-15} {s.Devices,7} {s.Connects,9} {s.ConnectFailures,8} {s.Errors,7}  {reasons}");
        }

        foreach (var s in stats.Where(s => s.LastError is not null))
        {
            output.WriteLine($"last {s.Profile} error: {s.LastError}");
        }
    }
}
