using System.Globalization;
using Dashboard.Bench;
using Dashboard.Bench.Ingest;

// Usage: dotnet run -c Release --project bench/Dashboard.Bench -- live-state [clients]
//        dotnet run -c Release --project bench/Dashboard.Bench -- clients-filtered [clients]
//        dotnet run -c Release --project bench/Dashboard.Bench -- conflicts-page [findings]
//        dotnet run -c Release --project bench/Dashboard.Bench -- history sqlite|postgres [events] [connection string]
//        bench/run-ingest.sh [events] [runs]   (runs: e.g. 1:sqlite,0:none; default all four)
//        bench/run-scale.sh [clients]
//        dotnet run -c Release --project bench/Dashboard.Bench -- apply-under-reads [clients] [batch size] [seconds per phase] [clients|groups]
//        bench/run-reconcile.sh [clients] [live events/s] [removed]
//        bench/run-two-instances.sh [clients] [events/s]
var scenario = args.Length > 0 ? args[0] : "live-state";
switch (scenario)
{
    case "live-state":
        LiveStateScale.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000);
        return 0;
    case "clients-filtered":
        FilteredClients.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000);
        return 0;
    case "conflicts-page":
        ConflictsPage.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000);
        return 0;
    case "apply-under-reads" when args.Length > 4 && !ApplyUnderReads.Readers.Contains(args[4]):
        Console.Error.WriteLine($"Unknown reader '{args[4]}'. Known: {string.Join(", ", ApplyUnderReads.Readers)}.");
        return 2;
    case "apply-under-reads":
        ApplyUnderReads.Run(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000,
            TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20),
            args.Length > 4 ? args[4] : "clients");
        return 0;
    case "history":
        // history <sqlite|postgres> [events] [connection string]
        await HistoryScale.RunAsync(
            args.Length > 1 ? args[1] : "sqlite",
            args.Length > 3 ? args[3] : null,
            args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 10_000_000);
        return 0;
    case "moment":
        // moment <connection string> [clients] [events per client] [backfill|derive]: see bench/run-history-postgres.sh moment
        await MomentScale.RunAsync(
            args[1],
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000,
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100,
            args.Length > 4 && args[4] == "derive");
        return 0;
    case "ingest":
        // ingest [events per run] [qos:history,...]
        return await IngestRatio.RunAsync(
            args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000,
            IngestRuns.Parse(args.Length > 2 ? args[2] : "0:sqlite,1:sqlite,0:none,1:none"));
    case "scale":
        // scale [clients]: the online set through the real app
        return await OnlineScale.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000);
    case "reconcile":
        // reconcile [clients] [live events/s] [removed before the second run]
        return await Dashboard.Bench.Reconcile.ReconcileScale.RunAsync(
            args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000,
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000);
    case "two-instances":
        // two-instances <admin connection string> <postmaster pid> [clients] [events/s]: see bench/run-two-instances.sh
        return await TwoInstancesCost.RunAsync(
            args[1],
            int.Parse(args[2], CultureInfo.InvariantCulture),
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100_000,
            args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2000);
    case "reconcile-api":
        // The reconcile bench's child process: the demo EMQX API over a synthetic table.
        return await Dashboard.Bench.Reconcile.ReconcileApiHost.RunAsync(long.Parse(args[1], CultureInfo.InvariantCulture));
    default:
        Console.Error.WriteLine($"Unknown scenario '{scenario}'. Known: live-state, clients-filtered, conflicts-page, apply-under-reads, history, moment, ingest, scale, reconcile, two-instances.");
        return 2;
}
