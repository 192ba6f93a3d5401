using Dashboard.Simulator.Events;

namespace Dashboard.StormBench;

/// <summary>
/// Runs the simulator's firehose and records, about once a millisecond, how many connects and
/// disconnects it has published so far (at QoS 1: acknowledged by the broker), against the wall
/// clock in Unix milliseconds, the same clock the browser's <c>Date.now()</c> reads. Connects
/// only grow, so a connects count on screen names the newest event it includes.
/// </summary>
internal sealed class PublishTimeline
{
    private readonly List<Point> _points = [];

    private readonly Firehose _firehose;
    private readonly Task<FirehoseResult> _run;
    private readonly Thread _sampler;

    private PublishTimeline(Firehose firehose)
    {
        _firehose = firehose;
        _run = firehose.RunAsync(CancellationToken.None);
        _sampler = new Thread(SampleUntilDone) { IsBackground = true, Name = "publish sampler", Priority = ThreadPriority.AboveNormal };
    }

    public FirehoseResult Result { get; private set; } = null!;

    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    /// <summary>Starts the firehose and the sampler; <see cref="WaitAsync"/> for the end.</summary>
    public static PublishTimeline Start(FirehoseOptions options)
    {
        var timeline = new PublishTimeline(new Firehose(options));

        // A thread of its own: a timer or the thread pool would sample late exactly when the machine is busiest.
        timeline._sampler.Start();
        return timeline;
    }

    /// <summary>Published so far (acknowledged by the broker).</summary>
    public long Published => _firehose.Progress.Published;

    /// <summary>Waits for the firehose to finish, then takes the last sample.</summary>
    public async Task WaitAsync()
    {
        Result = await _run;
        _sampler.Join();
        Sample(_firehose.Progress);
    }

    /// <summary>When the published connects first reached <paramref name="connects"/>; null if they never did.</summary>
    public double? WhenConnectsReached(long connects) => FirstAtLeast(connects, i => _points[i].Connected);

    /// <summary>Every <paramref name="step"/>-th connect and when it was published, for "how long until an event shows".</summary>
    public IEnumerable<(long Connects, double AtMs)> ConnectMilestones(long step)
    {
        for (long n = step; n <= Result.Connected; n += step)
        {
            if (WhenConnectsReached(n) is { } at)
            {
                yield return (n, at);
            }
        }
    }

    public int SampleCount => _points.Count;

    /// <summary>When the last event's publish completed.</summary>
    public double LastPublishMs => _points[^1].AtMs;

    private void SampleUntilDone()
    {
        while (!_run.IsCompleted)
        {
            Sample(_firehose.Progress);
            Thread.Sleep(1);
        }
    }

    private void Sample(FirehoseProgress progress)
    {
        if (_points.Count > 0 && _points[^1].Connected == progress.Connected && _points[^1].Disconnected == progress.Disconnected)
        {
            return;
        }

        _points.Add(new Point(NowMs(), progress.Connected, progress.Disconnected));
    }

    private double? FirstAtLeast(long value, Func<int, long> valueAt) =>
        Search.FirstAtLeast(_points.Count, valueAt, value) is { } i ? _points[i].AtMs : null;

    private readonly record struct Point(double AtMs, long Connected, long Disconnected);
}
