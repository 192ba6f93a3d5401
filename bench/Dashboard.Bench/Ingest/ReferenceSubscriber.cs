using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Bench.Ingest;

/// <summary>
/// The reference receiver: <c>mosquitto_sub</c> on the same topics at the same QoS, its stdout read
/// in large chunks and each chunk's lines timestamped as they arrive. Its rate is what a minimal C
/// client on the same machine, from the same broker, in the same run manages. Lines that start with
/// <see cref="ProbeText"/> are the readiness probe (mosquitto_sub does not say when it has
/// subscribed) and are not counted.
/// </summary>
internal sealed class ReferenceSubscriber : IAsyncDisposable
{
    public const string ProbeTopic = "bench/probe";
    public const string ProbeText = "probe";

    private readonly Process _process;
    private readonly Task _reading;
    private long _lines;
    private long _probes;
    private long _firstCount;
    private long _firstTicks;
    private long _lastTicks;

    private ReferenceSubscriber(Process process)
    {
        _process = process;
        _reading = Task.Run(ReadAsync);
    }

    /// <param name="topics">Topic filters, subscribed at <paramref name="qos"/> like the dashboard's.</param>
    public static ReferenceSubscriber Start(BenchBroker broker, string clientId, int qos, IEnumerable<string> topics)
    {
        var start = new ProcessStartInfo("mosquitto_sub") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-h", broker.Host, "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-i", clientId, "-q", qos.ToString(CultureInfo.InvariantCulture), "-t", ProbeTopic })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var topic in topics)
        {
            start.ArgumentList.Add("-t");
            start.ArgumentList.Add(topic);
        }

        return new ReferenceSubscriber(Process.Start(start) ?? throw new InvalidOperationException("mosquitto_sub did not start"));
    }

    /// <summary>Events received (probe lines excluded).</summary>
    public long Received => Interlocked.Read(ref _lines);

    public long Probes => Interlocked.Read(ref _probes);

    public ReceiveWindow Window => new(Received, Interlocked.Read(ref _firstCount), Interlocked.Read(ref _firstTicks), Interlocked.Read(ref _lastTicks));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        await _reading;
        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        var stream = _process.StandardOutput.BaseStream;
        var buffer = new byte[1 << 20];
        var atLineStart = true;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            var now = Stopwatch.GetTimestamp();
            long lines = 0, probes = 0;
            for (var i = 0; i < read; i++)
            {
                if (atLineStart && buffer[i] == (byte)ProbeText[0])
                {
                    probes++;
                }

                atLineStart = buffer[i] == (byte)'\n';
                if (atLineStart)
                {
                    lines++;
                }
            }

            Interlocked.Add(ref _probes, probes);
            if (lines > probes)
            {
                var total = Interlocked.Add(ref _lines, lines - probes);
                if (Interlocked.CompareExchange(ref _firstTicks, now, 0) == 0)
                {
                    Interlocked.Exchange(ref _firstCount, total);
                }

                Interlocked.Exchange(ref _lastTicks, now);
            }
        }
    }
}

/// <summary>
/// What one receiver got: how many events, and when it was first and last seen to have more. A
/// receiver is observed in steps (a chunk of stdout, a status poll), so the first observation
/// already holds <see cref="FirstCount"/> events, and the rate counts only those after it.
/// </summary>
internal readonly record struct ReceiveWindow(long Count, long FirstCount, long FirstTicks, long LastTicks)
{
    public double Seconds => FirstTicks != 0 ? Stopwatch.GetElapsedTime(FirstTicks, LastTicks).TotalSeconds : 0;

    /// <summary>Events per second between the first and the last observation.</summary>
    public double Rate => Seconds > 0 ? (Count - FirstCount) / Seconds : 0;
}
