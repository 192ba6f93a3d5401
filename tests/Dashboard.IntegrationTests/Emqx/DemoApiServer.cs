using Dashboard.Demo.Api;
using Dashboard.Emqx;
using Dashboard.Options;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// The demo EMQX API started stand-alone on 127.0.0.1 over generated clients, and the dashboard's
/// real <see cref="EmqxApiClient"/> configured against it (with the right secret, or another).
/// </summary>
internal sealed class DemoApiServer : IAsyncDisposable
{
    public const string Key = "test-key";
    public const string Secret = "test-secret-0123456789";

    /// <summary>The dashboard's own MQTT client ID (Mqtt:ClientId), whose queue the status monitor reads.</summary>
    public const string OwnClientId = "dashboard-own";

    private readonly ServiceProvider _services;

    private DemoApiServer(DemoEmqxApi api, SyntheticClientTable table, ServiceProvider services)
    {
        Api = api;
        Table = table;
        _services = services;
    }

    public DemoEmqxApi Api { get; }

    public SyntheticClientTable Table { get; }

    public EmqxApiClient Client => _services.GetRequiredService<EmqxApiClient>();

    public IServiceProvider Services => _services;

    /// <summary>Starts the API over <paramref name="clients"/> generated clients; <paramref name="secret"/> is what the client sends.</summary>
    public static async Task<DemoApiServer> StartAsync(long clients, int pageSize = 1000, string secret = Secret, Action<EmqxOptions>? configure = null, TimeProvider? time = null, LogCapture? logs = null)
    {
        var table = new SyntheticClientTable(clients, new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.FromHours(2)));
        var api = await DemoEmqxApi.StartAsync(
            new DemoApiSettings { ApiKey = Key, ApiSecret = Secret },
            table,
            null,
            TimeProvider.System,
            CancellationToken.None);
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddOptions<IngestOptions>();
        services.AddOptions<MqttOptions>().Configure(o => o.ClientId = OwnClientId);
        services.AddOptions<EmqxOptions>().Configure(o =>
        {
            o.ApiUrl = api.Url.ToString();
            o.ApiKey = Key;
            o.ApiSecret = secret;
            o.PageSize = pageSize;
            configure?.Invoke(o);
        });
        services.AddEmqxApi();
        return new DemoApiServer(api, table, services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Api.DisposeAsync();
    }
}
