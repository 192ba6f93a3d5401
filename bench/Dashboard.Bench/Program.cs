using Dashboard.Bench;

// Usage: dotnet run -c Release --project bench/Dashboard.Bench -- live-state [clients]
var scenario = args.Length > 0 ? args[0] : "live-state";
switch (scenario)
{
    case "live-state":
        LiveStateScale.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown scenario '{scenario}'. Known: live-state.");
        return 2;
}
