using System.Globalization;
using MQTTnet;
using MQTTnet.Protocol;

namespace Dashboard.Bench.Ingest;

/// <summary>
/// The ingest benchmark: one firehose stream through one mosquitto to two receivers at once, the
/// dashboard (a Release process) and <c>mosquitto_sub</c>, at QoS 0 and 1, with SQLite history and
/// without. Each receiver's rate runs from its first event to its last, and every count is
/// reconciled: published = received by mosquitto_sub = received, accepted and stored by the dashboard.
/// </summary>
internal static class IngestRatio
{
    private const int Clients = 1_000_000;
    private static readonly string[] Topics = ["client_connected", "client_disconnected"];
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(long events, IReadOnlyList<(int Qos, string History)> runs)
    {
        Console.WriteLine($"ingest: {events:N0} firehose events per run over {Clients:N0} client IDs, unpaced; receivers: dashboard (Release) and mosquitto_sub");
        await using var broker = await BenchBroker.StartAsync();
        var results = new List<IngestRunResult>();
        foreach (var (qos, history) in runs)
        {
            results.Add(await RunOnceAsync(broker, events, qos, history));
        }

        IngestReport.Print(results);
        return results.All(r => r.Reconciled) ? 0 : 1;
    }

    private static async Task<IngestRunResult> RunOnceAsync(BenchBroker broker, long events, int qos, string history)
    {
        var label = $"QoS {qos}, history {history}";
        Console.WriteLine($"-- {label}");
        var dataDirectory = Directory.CreateTempSubdirectory("bench-ingest-").FullName;
        var run = $"q{qos}-{history}-{Guid.NewGuid():N}"[..24];
        try
        {
            await using var dashboard = await DashboardUnderTest.StartAsync(broker, "bench-dashboard-" + run, new Dictionary<string, string>
            {
                ["History:Provider"] = history,
                ["History:DataDirectory"] = dataDirectory,
            });
            await using var reference = ReferenceSubscriber.Start(broker, "bench-sub-" + run, qos, Topics);
            await WaitForProbeAsync(broker, reference);

            var cpuBefore = dashboard.CpuTime;
            var firehose = BenchFirehose.Create(broker, "bench-firehose-" + run, Clients, events, qos);
            var watchingDashboard = ProcessedWatch.RunAsync(dashboard, events, Stall);
            var watchingReference = ReferenceWatch.RunAsync(reference, events, Stall);
            var published = await firehose.RunAsync(CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   firehose published {published.Published:N0} in {published.Elapsed.TotalSeconds:F1} s ({published.EventsPerSecond:N0}/s){(published.Error is null ? "" : ", stopped: " + published.Error)}"));
            var (dashboardWindow, status) = await watchingDashboard;
            var referenceWindow = await watchingReference;
            var result = new IngestRunResult(qos, history, published, referenceWindow, dashboardWindow, status, dashboard.CpuTime - cpuBefore);
            IngestReport.PrintRun(result);
            return result;
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>mosquitto_sub says nothing when it has subscribed: publish a probe until it prints one.</summary>
    private static async Task WaitForProbeAsync(BenchBroker broker, ReferenceSubscriber subscriber)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithClientId("bench-probe").Build());
        for (var attempt = 0; subscriber.Probes == 0; attempt++)
        {
            if (attempt == 100)
            {
                throw new InvalidOperationException("mosquitto_sub did not receive the readiness probe in 10 s");
            }

            await client.PublishStringAsync(ReferenceSubscriber.ProbeTopic, ReferenceSubscriber.ProbeText, MqttQualityOfServiceLevel.AtLeastOnce);
            await Task.Delay(100);
        }

        await client.DisconnectAsync();
    }
}
