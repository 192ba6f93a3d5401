using System.Globalization;

namespace Dashboard.StormBench;

/// <summary>One reading of a Linux process's CPU time and memory, from /proc.</summary>
internal readonly record struct ProcessSample(DateTime At, double CpuSeconds, long RssBytes, long AnonBytes)
{
    // USER_HZ: /proc reports CPU time in ticks of 1/100 s on every Linux the project runs on.
    private const double TicksPerSecond = 100;

    public static ProcessSample Read(int pid)
    {
        // Fields after the command name (which may hold spaces) start at the last ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long rss = 0;
        long anon = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anon = Kilobytes(line) * 1024;
            }
        }

        return new ProcessSample(DateTime.UtcNow, ticks / TicksPerSecond, rss, anon);
    }

    /// <summary>CPU used between two readings, in percent of one core.</summary>
    public static double CpuPercent(ProcessSample from, ProcessSample to) =>
        100 * (to.CpuSeconds - from.CpuSeconds) / Math.Max(1e-3, (to.At - from.At).TotalSeconds);

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

/// <summary>Reads a process once a second in the background: average and peak CPU, peak memory.</summary>
internal sealed class ProcessSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly List<ProcessSample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProcessSampler(int pid)
    {
        _pid = pid;
        _samples.Add(ProcessSample.Read(pid));
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Stops sampling (one last reading) and summarises.</summary>
    public async Task<ProcessUsage> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        lock (_samples)
        {
            _samples.Add(ProcessSample.Read(_pid));
            var peakCpu = _samples.Zip(_samples.Skip(1), ProcessSample.CpuPercent).DefaultIfEmpty(0).Max();
            return new ProcessUsage(
                ProcessSample.CpuPercent(_samples[0], _samples[^1]),
                peakCpu,
                _samples[^1].CpuSeconds - _samples[0].CpuSeconds,
                _samples.Max(s => s.RssBytes),
                _samples[^1].RssBytes);
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
                var sample = ProcessSample.Read(_pid);
                lock (_samples)
                {
                    _samples.Add(sample);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}

/// <param name="AverageCpuPercent">Over the whole sampled span, in percent of one core.</param>
/// <param name="PeakCpuPercent">The busiest one-second interval.</param>
internal sealed record ProcessUsage(double AverageCpuPercent, double PeakCpuPercent, double CpuSeconds, long PeakRssBytes, long FinalRssBytes);
