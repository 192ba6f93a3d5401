using System.Net;
using Dashboard.Simulator.Fleet;
using Dashboard.Simulator.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;

namespace Dashboard.Tests.Demo;

/// <summary>Devices for tests against the embedded broker: one MQTT 5 client, or a quick fleet.</summary>
internal static class DemoDevices
{
    /// <summary>An MQTT 5 device bound to a chosen loopback address (and port, when not 0), like a device on its own host.</summary>
    public static MqttClientOptionsBuilder Options(int brokerPort, string clientId, bool cleanStart, string localAddress, int localPort = 0) => new MqttClientOptionsBuilder()
        .WithEndPoint(new IPEndPoint(IPAddress.Loopback, brokerPort))
        .WithTcpServer(o => o.LocalEndpoint = new IPEndPoint(IPAddress.Parse(localAddress), localPort))
        .WithClientId(clientId)
        .WithProtocolVersion(MqttProtocolVersion.V500)
        .WithCleanStart(cleanStart)
        .WithSessionExpiryInterval(cleanStart ? 0u : 300u);

    /// <summary>A fleet of steady devices with short sessions and pauses; a test turns on the profiles it is about.</summary>
    public static FleetOptions SteadyFleet(int brokerPort, int size, int seed) => new FleetOptions
    {
        Broker = new BrokerOptions { Host = "127.0.0.1", Port = brokerPort },
        FleetSize = size,
        Seed = seed,
        MeanSessionLength = TimeSpan.FromSeconds(2),
        MeanOfflineTime = TimeSpan.FromMilliseconds(500),
        StartupSpread = TimeSpan.FromSeconds(1),
    }.OnlyProfiles();
}
