using System.Globalization;
using Dashboard.StormBench;

// Usage (see bench/README.md, "storm and fan-out"; bench/run-storm.sh runs both):
//   dotnet run -c Release --project bench/Dashboard.StormBench -- storm  [--rate 20000] [--seconds 60] [--history sqlite|none]
//   dotnet run -c Release --project bench/Dashboard.StormBench -- fanout [--rate 10000] [--seconds 30] [--hubs 100] [--pages 10] [--stuck 0]
//   dotnet run -c Release --project bench/Dashboard.StormBench -- soak   [--rate 500] [--minutes 15] [--restart-at M]
try
{
    var scenario = args.Length > 0 ? args[0] : string.Empty;
    return scenario switch
    {
        "storm" => await Storm(Options(args[1..], "--rate", "--seconds", "--history")),
        "fanout" => await Fanout(Options(args[1..], "--rate", "--seconds", "--hubs", "--pages", "--stuck")),
        "soak" => await Soak(Options(args[1..], "--rate", "--minutes", "--restart-at")),
        _ => Usage($"Unknown scenario '{scenario}'."),
    };
}
catch (ArgumentException ex)
{
    return Usage(ex.Message);
}

static Task<int> Storm(Dictionary<string, string> o) =>
    StormScenario.RunAsync(Number(o, "--rate", 20_000), (int)Number(o, "--seconds", 60), o.GetValueOrDefault("--history", "sqlite") switch
    {
        "sqlite" => true,
        "none" => false,
        var other => throw new ArgumentException($"--history must be sqlite or none, was '{other}'."),
    });

static Task<int> Fanout(Dictionary<string, string> o) =>
    FanoutScenario.RunAsync(Number(o, "--rate", 10_000), (int)Number(o, "--seconds", 30), (int)Number(o, "--hubs", 100), (int)Number(o, "--pages", 10), (int)Number(o, "--stuck", 0));

static Task<int> Soak(Dictionary<string, string> o)
{
    int minutes = (int)Number(o, "--minutes", 15);
    int? restartAt = o.ContainsKey("--restart-at") ? (int)Number(o, "--restart-at", 0) : null;
    if (minutes < 1 || restartAt is { } at && (at < 1 || at >= minutes))
    {
        throw new ArgumentException($"--minutes must be at least 1 and --restart-at between 1 and minutes - 1; got {minutes} and {restartAt}.");
    }

    return SoakScenario.RunAsync(Number(o, "--rate", 500), minutes, restartAt);
}

static int Usage(string problem)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine("Usage: storm [--rate 20000] [--seconds 60] [--history sqlite|none] | fanout [--rate 10000] [--seconds 30] [--hubs 100] [--pages 10] [--stuck 0] | soak [--rate 500] [--minutes 15] [--restart-at M]");
    return 2;
}

// "--name value" pairs, names from the scenario's list only: a typo is an error, not a silent default.
static Dictionary<string, string> Options(string[] args, params string[] known)
{
    var options = new Dictionary<string, string>();
    for (int i = 0; i < args.Length; i += 2)
    {
        if (!known.Contains(args[i]) || i + 1 >= args.Length)
        {
            throw new ArgumentException($"Expected '--name value' pairs with names from {string.Join(", ", known)}; got '{string.Join(' ', args[i..])}'.");
        }

        options[args[i]] = args[i + 1];
    }

    return options;
}

static double Number(Dictionary<string, string> options, string name, double fallback)
{
    if (!options.TryGetValue(name, out var text))
    {
        return fallback;
    }

    return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value < 1e9
        ? value
        : throw new ArgumentException($"{name} must be a non-negative number, was '{text}'.");
}
