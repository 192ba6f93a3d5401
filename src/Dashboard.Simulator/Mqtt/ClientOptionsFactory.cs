using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Formatter;

namespace Dashboard.Simulator.Mqtt;

/// <summary>The connection half of an MQTTnet client's options, shared by every simulated MQTTnet client.</summary>
internal static class ClientOptionsFactory
{
    /// <param name="localAddress">
    /// The source IP to bind the client socket to, or null to let the OS choose. Binding is how one
    /// machine looks like several devices: any 127.x.y.z works on Linux without setup, but only
    /// toward a broker reachable over loopback.
    /// </param>
    /// <param name="configure">Adds the session settings (protocol, keepalive, credentials…).</param>
    public static MqttClientOptions Build(
        BrokerOptions broker, string clientId, IPAddress? localAddress, TimeSpan timeout, Action<MqttClientOptionsBuilder>? configure = null)
    {
        // A socket bound to an IPv4 address must reach the broker over IPv4 too ("localhost" may resolve to ::1 first).
        var family = localAddress?.AddressFamily ?? AddressFamily.Unspecified;
        var builder = new MqttClientOptionsBuilder()
            .WithClientId(clientId)
            .WithTimeout(timeout)
            .WithTcpServer(broker.Host, broker.Port, family);

        if (broker.UseTls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(broker.Host);
                if (broker.AllowUntrustedCertificates)
                {
                    tls.WithCertificateValidationHandler(_ => true);
                }
            });
        }

        configure?.Invoke(builder);
        var options = builder.Build();
        if (localAddress is not null)
        {
            // Set after Build: MQTTnet 5.2's builder has no local-endpoint method, and its
            // WithTcpServer(Action<MqttClientTcpOptions>) overload fails Build with "No endpoint is set".
            var tcp = (MqttClientTcpOptions)options.ChannelOptions;
            tcp.AddressFamily = family;
            tcp.LocalEndpoint = new IPEndPoint(localAddress, 0);
        }

        return options;
    }

    /// <summary>Protocol level as the MQTT CONNECT packet and the EMQX events spell it: 4 = 3.1.1, 5 = 5.0.</summary>
    public static MqttProtocolVersion ToMqttnet(int protocolLevel) =>
        protocolLevel == 5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311;
}
