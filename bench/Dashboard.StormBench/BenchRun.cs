using Dashboard.Api;
using Dashboard.Simulator.Events;
using Dashboard.Simulator.Mqtt;

namespace Dashboard.StormBench;

/// <summary>What every scenario shares: mosquitto, the dashboard process, the firehose's settings and the final drain.</summary>
internal sealed class BenchRun : IAsyncDisposable
{
    // Far more IDs than events: nearly every event connects a client never seen, so online grows
    // almost monotonically and each value on screen pins down the event that produced it.
    private const int FirehoseClients = FirehoseOptions.MaxClients;

    private BenchRun(BenchBroker broker, DashboardServer server, BrokerTap tap)
    {
        Broker = broker;
        Server = server;
        Tap = tap;
    }

    public BenchBroker Broker { get; }

    public DashboardServer Server { get; }

    /// <summary>What mosquitto delivered to a subscriber other than the dashboard, and the online set that implies.</summary>
    public BrokerTap Tap { get; }

    public static async Task<BenchRun> StartAsync(bool history = true)
    {
        var broker = await BenchBroker.StartAsync();
        try
        {
            var defaults = new FirehoseOptions();
            var tap = await BrokerTap.ConnectAsync(broker.Port, defaults.ConnectedTopic, defaults.DisconnectedTopic);
            return new BenchRun(broker, await DashboardServer.StartAsync(broker.Port, history), tap);
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>QoS 1, so every counted publish is one the broker acknowledged.</summary>
    public FirehoseOptions Firehose(double rate, int seconds) => new()
    {
        Broker = new BrokerOptions { Host = "127.0.0.1", Port = Broker.Port },
        Rate = rate,
        Count = (long)(rate * seconds),

        // A cap in case the machine cannot keep the rate: the run stops, the totals stay exact.
        Duration = TimeSpan.FromSeconds(seconds * 2),
        Clients = FirehoseClients,
        Qos = 1,
        PublisherClientId = "storm-firehose",
    };

    /// <summary>
    /// Waits (up to 90 s) until the dashboard has received, applied and stored everything published.
    /// Returns the last status either way: a run that did not drain is reported, not thrown away.
    /// </summary>
    public async Task<(IngestStatusDto Status, bool Drained)> DrainAsync(long published)
    {
        IngestStatusDto status = null!;
        try
        {
            await Wait.UntilAsync(
                async () =>
                {
                    status = await Server.GetStatusAsync();
                    return Tap.Delivered >= published && status.Received >= published && status.Backlog == 0
                        && (!Server.StoresHistory || status.History.Stored + status.History.AlreadyStored >= status.Accepted);
                },
                TimeSpan.FromSeconds(90),
                $"the dashboard has received and stored all {published} events",
                TimeSpan.FromMilliseconds(250));
            return (status, true);
        }
        catch (TimeoutException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return (status, false);
        }
    }

    public static void PrintFirehose(FirehoseResult result, PublishTimeline timeline)
    {
        Console.WriteLine($"| published (QoS 1, each acknowledged by mosquitto) | {Units.N(result.Published)} ({Units.N(result.Connected)} connects, {Units.N(result.Disconnected)} disconnects) in {result.Elapsed.TotalSeconds:0.0} s = {result.EventsPerSecond:N0}/s; failed {result.Failed}{(result.Error is { } e ? $", error: {e}" : string.Empty)} |");
        Console.WriteLine($"| publish timeline samples | {Units.N(timeline.SampleCount)} |");
    }

    public static void PrintUsage(string what, ProcessUsage usage) =>
        Console.WriteLine($"| {what} | CPU {usage.AverageCpuPercent:0}% of one core on average, {usage.PeakCpuPercent:0}% peak second ({usage.CpuSeconds:0.0} CPU-s); RSS peak {Units.Mb(usage.PeakRssBytes)}, at end {Units.Mb(usage.FinalRssBytes)} |");

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Tap.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
