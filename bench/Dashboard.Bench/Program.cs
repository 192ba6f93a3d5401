using Dashboard.Bench;

// Usage: dotnet run -c Release --project bench/Dashboard.Bench -- live-state [clients]
//        dotnet run -c Release --project bench/Dashboard.Bench -- history sqlite|postgres [events] [connection string]
var scenario = args.Length > 0 ? args[0] : "live-state";
switch (scenario)
{
    case "live-state":
        LiveStateScale.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        return 0;
    case "history":
        // history <sqlite|postgres> [events] [connection string]
        await HistoryScale.RunAsync(
            args.Length > 1 ? args[1] : "sqlite",
            args.Length > 3 ? args[3] : null,
            args.Length > 2 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000_000);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown scenario '{scenario}'. Known: live-state, history.");
        return 2;
}
