using Dashboard.Options;
using MQTTnet;

namespace Dashboard.Ingestion;

/// <summary>The broker the MQTT source reads, for every client the dashboard opens there (the source, the self-test's probe).</summary>
internal static class MqttBrokerEndpoint
{
    /// <summary>Host, port, credentials and TLS from <c>Mqtt:*</c>.</summary>
    public static MqttClientOptionsBuilder WithBroker(this MqttClientOptionsBuilder builder, MqttOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.WithTcpServer(options.Host, options.Port);
        if (options.Username is not null)
        {
            builder.WithCredentials(options.Username, options.Password);
        }

        if (options.UseTls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls();
                if (options.AllowUntrustedCertificates)
                {
                    tls.WithCertificateValidationHandler(_ => true);
                }
            });
        }

        return builder;
    }
}
