using System.Net;
using Dashboard.Core.Ingestion;
using Dashboard.Simulator.Fleet;
using Dashboard.Simulator.Mqtt;
using Microsoft.Extensions.Options;

namespace Dashboard.Demo;

/// <summary>
/// The simulated fleet of demo mode: real MQTT clients connecting to the embedded broker, with
/// every behaviour profile, so the dashboard has something true to show on a fresh machine. The
/// broker's own kick is the fleet's operator.
/// </summary>
internal sealed partial class DemoFleet(
    IOptions<DemoOptions> options,
    EmbeddedBroker broker,
    IngestDiagnostics diagnostics,
    TimeProvider time,
    ILogger<DemoFleet> logger) : BackgroundService
{
    /// <summary>The running simulator, for tests and diagnostics; null until it starts.</summary>
    public FleetSimulator? Simulator { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var demo = options.Value;
        if (!demo.Enabled || demo.FleetSize == 0)
        {
            return;
        }

        // Events published before the dashboard has subscribed would reach no one (its first
        // session does not exist yet), and the first devices would never show as online.
        await WaitUntilTheSourceListensAsync(stoppingToken);

        var address = IPAddress.Parse(demo.BrokerAddress);
        var fleet = new FleetOptions
        {
            Broker = new BrokerOptions
            {
                Host = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : demo.BrokerAddress,
                Port = demo.BrokerPort,
            },
            FleetSize = demo.FleetSize,
            Seed = demo.Seed,
            ForbiddenTopic = demo.ForbiddenTopicPrefix + "demo",
            BadPassword = demo.BadPassword,
            CredentialsRotationShare = demo.CredentialsRotationPercent / 100.0,
            CredentialsRotationEvery = TimeSpan.FromSeconds(demo.CredentialsRotationEverySeconds),
            CredentialsRotationLength = TimeSpan.FromSeconds(demo.CredentialsRotationSeconds),
            MassDisconnectShare = demo.MassDisconnectPercent / 100.0,
            MassDisconnectEvery = TimeSpan.FromSeconds(demo.MassDisconnectEverySeconds),
            MassDisconnectLength = TimeSpan.FromSeconds(demo.MassDisconnectSeconds),
            KickAsync = broker.KickAsync,
        };
        Simulator = new FleetSimulator(fleet, time);
        Log.Starting(logger, demo.FleetSize, demo.Seed);
        try
        {
            await Simulator.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task WaitUntilTheSourceListensAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested
            && diagnostics.Sources.FirstOrDefault(s => s.Name == "mqtt") is not { State: IngestSourceState.Connected })
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, stoppingToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Demo fleet: {Size} simulated devices (seed {Seed}) connecting to the embedded broker")]
        public static partial void Starting(ILogger logger, int size, int seed);
    }
}
