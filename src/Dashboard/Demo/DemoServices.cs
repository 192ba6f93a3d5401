using System.Net;
using Dashboard.Demo.Api;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Demo;

/// <summary>Registers demo mode: the embedded broker, and the app's MQTT source pointed at it.</summary>
internal static partial class DemoServices
{
    public static void AddDemoMode(this IServiceCollection services)
    {
        services.AddSingleton<EmbeddedBroker>();
        services.AddSingleton<DemoApiCredentials>();

        // Registered before the MQTT source so that the broker listens before the source connects.
        services.AddHostedService(sp => new DemoHost(
            sp.GetRequiredService<IOptions<DemoOptions>>(),
            sp.GetRequiredService<EmbeddedBroker>(),
            sp.GetRequiredService<DemoApiCredentials>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DemoEmqxApi>>()));

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

        // With no EMQX of its own configured, the dashboard's REST features use the demo API.
        services.AddOptions<EmqxOptions>().PostConfigure<IOptions<DemoOptions>, DemoApiCredentials>((emqx, demo, credentials) =>
        {
            if (!demo.Value.Enabled || emqx.IsOn)
            {
                return;
            }

            var host = LoopbackIfAny(demo.Value.BrokerAddress);
            emqx.ApiUrl = new UriBuilder(Uri.UriSchemeHttp, host, demo.Value.ApiPort).Uri.ToString().TrimEnd('/');
            emqx.ApiKey = credentials.ApiKey;
            emqx.ApiSecret = credentials.ApiSecret;
        });
    }

    /// <summary>The address to reach a listener on: a listener on "any" is reached on loopback.</summary>
    private static string LoopbackIfAny(string address)
    {
        var ip = IPAddress.Parse(address);
        return ip.Equals(IPAddress.Any) ? "127.0.0.1" : ip.Equals(IPAddress.IPv6Any) ? "::1" : address;
    }

    /// <summary>Starts and stops the embedded broker and its REST API with the app, when demo mode is on.</summary>
    private sealed partial class DemoHost(IOptions<DemoOptions> options, EmbeddedBroker broker, DemoApiCredentials credentials, TimeProvider time, ILogger<DemoEmqxApi> logger) : IHostedService
    {
        private DemoEmqxApi? _api;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var o = options.Value;
            if (!o.Enabled)
            {
                return;
            }

            await broker.StartAsync(cancellationToken);
            var settings = new DemoApiSettings
            {
                Address = IPAddress.Parse(o.BrokerAddress),
                Port = o.ApiPort,
                ApiKey = credentials.ApiKey,
                ApiSecret = credentials.ApiSecret,
                NodeName = o.NodeName,
            };
            _api = await DemoEmqxApi.StartAsync(settings, new BrokerClientTable(broker, time), broker, time, cancellationToken);
            Log.ApiListening(logger, _api.Url, credentials.ApiKey);
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (!options.Value.Enabled)
            {
                return;
            }

            if (_api is not null)
            {
                await _api.DisposeAsync();
            }

            await broker.StopAsync(cancellationToken);
        }

        private static partial class Log
        {
            [LoggerMessage(Level = LogLevel.Information, Message = "Demo EMQX REST API listening on {Url}api/v5 (API key {ApiKey}; the secret is not logged)")]
            public static partial void ApiListening(ILogger logger, Uri url, string apiKey);
        }
    }
}
