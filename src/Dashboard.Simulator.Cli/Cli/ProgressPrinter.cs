namespace Dashboard.Simulator.Cli;

/// <summary>Prints a progress line once a second while some work runs.</summary>
internal static class ProgressPrinter
{
    public static async Task WhileRunningAsync(Task work, TextWriter output, Func<TimeSpan, string> line)
    {
        var started = TimeProvider.System.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var tick = timer.WaitForNextTickAsync().AsTask();
        while (await Task.WhenAny(work, tick) != work)
        {
            output.WriteLine(line(TimeProvider.System.GetElapsedTime(started)));
            tick = timer.WaitForNextTickAsync().AsTask();
        }

        await work;
    }
}
