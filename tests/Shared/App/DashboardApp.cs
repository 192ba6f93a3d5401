using Dashboard.Tests.Shared;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Api;
using Dashboard.Live;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>
/// The real dashboard host, configured to read events from the given mosquitto. Settings can be
/// added or overridden per test. Reads the REST API as JSON, and opens hub connections.
/// </summary>
public sealed class DashboardApp : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The webhook's secret in every test app (the webhook is off without one).</summary>
    public const string WebhookSecret = "webhook-secret-for-tests";

    // The documented path, spelled out: this file is also compiled into the browser tests, which
    // cannot see the app's internal WebhookApi.Path.
    private const string WebhookPath = "/api/ingest/emqx";

    private readonly Dictionary<string, string?> _settings;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("dashboard-test-").FullName;

    public DashboardApp(MosquittoBroker broker, IDictionary<string, string?>? settings = null)
        : this(WithBroker(broker, settings))
    {
    }

    /// <summary>An app with only the given settings over the test defaults (for demo mode, say).</summary>
    public DashboardApp(IDictionary<string, string?> settings)
    {
        // Real Kestrel on loopback rather than the in-memory test server: the hub runs over real
        // WebSockets and request targets are what a browser sends.
        Port = FreePort.Next();
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, Port));
        _settings = new Dictionary<string, string?>
        {
            ["Mqtt:ClientId"] = "dashboard-test-" + Guid.NewGuid().ToString("N"),
            ["Mqtt:ReconnectInitialDelaySeconds"] = "0.1",
            ["Mqtt:ReconnectMaxDelaySeconds"] = "0.5",
            ["Ingest:NotifyIntervalMilliseconds"] = "100",
            ["Webhook:Secret"] = WebhookSecret,

            // Sign-in is not the point of most tests: one person on loopback. The sign-in tests set "token".
            ["Auth:Mode"] = "none",

            // Each app gets its own history, so no test sees another's events after a restart.
            ["History:DataDirectory"] = _dataDirectory,
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public int Port { get; }

    /// <summary>Replaces or adds services after the app's own registrations (set before the server starts).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>Starts the host and waits until the MQTT source has subscribed.</summary>
    public async Task StartAsync()
    {
        StartServer();
        await WaitUntilSubscribedAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (TestServices is not null)
        {
            builder.ConfigureTestServices(TestServices);
        }
    }

    public async Task<ClientPageDto> GetClientsAsync(string query = "")
    {
        using var http = CreateClient();
        return (await http.GetFromJsonAsync<ClientPageDto>("/api/clients" + query, Json))!;
    }

    public async Task<IngestStatusDto> GetIngestStatusAsync()
    {
        using var http = CreateClient();
        return (await http.GetFromJsonAsync<IngestStatusDto>("/api/ingest/status", Json))!;
    }

    /// <summary>A client that sends the webhook secret with every request.</summary>
    public HttpClient CreateWebhookClient()
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", WebhookSecret);
        return http;
    }

    /// <summary>Posts <paramref name="body"/> (one event, a JSON array or NDJSON) to the webhook with the secret.</summary>
    public async Task<HttpResponseMessage> PostToWebhookAsync(string body, string mediaType = "application/json")
    {
        using var http = CreateWebhookClient();
        return await http.PostAsync(WebhookPath, new StringContent(body, System.Text.Encoding.UTF8, mediaType));
    }

    /// <summary>Waits until the MQTT source has subscribed, so that what is published next is received.</summary>
    public Task WaitUntilSubscribedAsync() => Eventually.HoldsAsync(
        GetIngestStatusAsync,
        status => status.Sources.Single(s => s.Name == "mqtt").State == Core.Ingestion.IngestSourceState.Connected,
        "the MQTT source is connected");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>
    /// Demo mode on free ports with no simulated fleet: the embedded broker on <paramref name="brokerPort"/>
    /// and its EMQX-shaped REST API on <paramref name="apiPort"/> (a free one when null). Add to the result for more.
    /// </summary>
    public static Dictionary<string, string?> DemoSettings(int brokerPort, int? apiPort = null) => new()
    {
        ["Demo:Enabled"] = "true",
        ["Demo:BrokerPort"] = brokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Demo:ApiPort"] = (apiPort ?? FreePort.Next()).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Demo:FleetSize"] = "0",
    };

    private static Dictionary<string, string?> WithBroker(MosquittoBroker broker, IDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Mqtt:Host"] = broker.Host,
            ["Mqtt:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }

    public HubConnection CreateHubConnection() => new HubConnectionBuilder()
        .WithUrl(new Uri(BaseAddress, LiveHub.Path), options => options.Transports = HttpTransportType.WebSockets)
        .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
        .Build();
}
