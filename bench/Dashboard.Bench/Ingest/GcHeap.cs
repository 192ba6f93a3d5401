using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.Bench.Ingest;

/// <summary>
/// The managed heap of another process after a full GC, through <c>dotnet-gcdump</c> (a local tool
/// in bench/.config, restored by the run scripts): it makes the process collect, walks what is
/// live, and reports the total. Nothing in the app has to expose its own memory for this.
/// </summary>
internal static partial class GcHeap
{
    public static async Task<long> LiveBytesAsync(int processId)
    {
        var file = Path.Combine(Path.GetTempPath(), $"bench-{processId}-{Guid.NewGuid():N}.gcdump");
        try
        {
            await RunToolAsync("collect", "-p", processId.ToString(CultureInfo.InvariantCulture), "-o", file);
            var report = await RunToolAsync("report", file);
            var total = HeapBytes().Match(report);
            return total.Success
                ? long.Parse(total.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"dotnet-gcdump report printed no heap total: {report}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunToolAsync(params string[] arguments)
    {
        // The tool manifest is in bench/.config, above this program's output folder.
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in (string[])["tool", "run", "dotnet-gcdump", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-gcdump did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"dotnet-gcdump {arguments[0]} failed ({process.ExitCode}); run 'dotnet tool restore' in bench/: {await output} {await error}");
    }

    [GeneratedRegex(@"([\d,]+)\s+GC Heap bytes")]
    private static partial Regex HeapBytes();
}
