using System.Net;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Demo;

/// <summary>Registers demo mode: the embedded broker, and the app's MQTT source pointed at it.</summary>
internal static class DemoServices
{
    public static void AddDemoMode(this IServiceCollection services)
    {
        services.AddSingleton<EmbeddedBroker>();

        // Registered before the MQTT source so that the broker listens before the source connects.
        services.AddHostedService(sp => new DemoHost(sp.GetRequiredService<IOptions<DemoOptions>>(), sp.GetRequiredService<EmbeddedBroker>()));

        // The fleet starts with the other background services, after the broker is listening.
        services.AddSingleton<DemoFleet>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoFleet>());

        services.AddOptions<MqttOptions>().PostConfigure<IOptions<DemoOptions>>((mqtt, demo) =>
        {
            if (!demo.Value.Enabled)
            {
                return;
            }

            // The demo reads its own broker through the ordinary MQTT source, with no shortcut.
            var address = IPAddress.Parse(demo.Value.BrokerAddress);
            mqtt.Enabled = true;
            mqtt.Host = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : demo.Value.BrokerAddress;
            mqtt.Port = demo.Value.BrokerPort;
            mqtt.UseTls = false;
            mqtt.Username = null;
            mqtt.Password = null;
        });
    }

    /// <summary>Starts and stops the embedded broker with the app, when demo mode is on.</summary>
    private sealed class DemoHost(IOptions<DemoOptions> options, EmbeddedBroker broker) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            options.Value.Enabled ? broker.StartAsync(cancellationToken) : Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) =>
            options.Value.Enabled ? broker.StopAsync(cancellationToken) : Task.CompletedTask;
    }
}
