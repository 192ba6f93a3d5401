using System.Globalization;
using Dashboard.Demo.Api;

namespace Dashboard.Bench.Reconcile;

/// <summary>
/// The child process of the reconcile bench: the demo EMQX API over a synthetic table of N clients,
/// in its own process so that its work and memory are not counted as the dashboard's. Prints
/// <c>url …</c> once listening; then reads commands from stdin: <c>remove N</c> takes N clients out
/// of the table, spread evenly (they left without an event), and answers <c>ok</c>.
/// </summary>
internal static class ReconcileApiHost
{
    public const string Key = "bench-key";
    public const string Secret = "bench-secret-0123456789";

    public static async Task<int> RunAsync(long clients)
    {
        var table = new SyntheticClientTable(clients, DateTimeOffset.UtcNow.AddDays(-1));
        await using var api = await DemoEmqxApi.StartAsync(new DemoApiSettings { ApiKey = Key, ApiSecret = Secret }, table, null, TimeProvider.System, CancellationToken.None);
        Console.WriteLine("url " + api.Url);
        while (Console.ReadLine() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["remove", var n])
            {
                var count = long.Parse(n, CultureInfo.InvariantCulture);
                var step = Math.Max(1, clients / count);
                for (long i = 0, removed = 0; i < clients && removed < count; i += step, removed++)
                {
                    table.Remove(table.IdAt(i));
                }

                Console.WriteLine("ok");
            }
        }

        return 0;
    }
}
