using System.Globalization;
using System.Net.Http.Json;
using Dashboard.Api;
using Dashboard.Emqx;
using Dashboard.Options;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// Demo mode turns the REST features on against the embedded broker's own EMQX-shaped API: the
/// dashboard's client lists real MQTT connections, reads one, and kicks one (the <c>kicked</c>
/// event follows, as at EMQX).
/// </summary>
public sealed class DemoModeApiTests : IAsyncLifetime
{
    private readonly int _brokerPort = FreePort.Next();
    private readonly int _apiPort = FreePort.Next();
    private DashboardApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "true",
            ["Demo:BrokerPort"] = _brokerPort.ToString(CultureInfo.InvariantCulture),
            ["Demo:ApiPort"] = _apiPort.ToString(CultureInfo.InvariantCulture),
            ["Demo:FleetSize"] = "0",
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void The_rest_features_point_at_the_demo_api_with_a_random_secret()
    {
        var options = _app.Services.GetRequiredService<IOptions<EmqxOptions>>().Value;

        Assert.True(options.IsOn);
        Assert.Equal($"http://127.0.0.1:{_apiPort}", options.ApiUrl);
        Assert.Equal("demo-api-key", options.ApiKey);
        Assert.Equal(48, options.ApiSecret!.Length);
    }

    [Fact]
    public async Task The_listing_holds_the_brokers_real_connections_and_one_client_its_queue()
    {
        using var device = await ConnectAsync("api-device-1", "alice");
        var client = _app.Services.GetRequiredService<EmqxApiClient>();

        var listed = await Eventually.HoldsAsync(
            async () => await ListAsync(client),
            ids => ids.Any(c => c.ClientId == "api-device-1"),
            "the device is listed");
        var one = await client.GetClientAsync("api-device-1", CancellationToken.None);
        var info = await client.GetBrokerInfoAsync(CancellationToken.None);

        var row = listed.Single(c => c.ClientId == "api-device-1");
        Assert.Equal("alice", row.Username);
        Assert.Equal("127.0.0.1", row.PeerIp);
        Assert.Equal(5, row.ProtoVer);
        Assert.Equal(45, row.Keepalive);
        Assert.NotNull(row.ConnectedAt);
        Assert.InRange(row.ConnectedAt.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(1000, one!.Queue!.MqueueMax);
        Assert.Equal("5.8.9", info.Version);
        Assert.Equal("demo@127.0.0.1", info.Nodes.Single().Name);
    }

    [Fact]
    public async Task A_kick_through_the_api_ends_the_connection_as_kicked()
    {
        using var device = await ConnectAsync("api-kick-1", null);
        await Eventually.HoldsAsync(() => GetAsync("api-kick-1"), c => c?.Online == true, "online");
        var client = _app.Services.GetRequiredService<EmqxApiClient>();

        Assert.True(await client.KickAsync("api-kick-1", CancellationToken.None));

        var ended = await Eventually.HoldsAsync(() => GetAsync("api-kick-1"), c => c is { Online: false }, "kicked offline");
        Assert.Equal("kicked", ended!.LastReason);
        Assert.False(await client.KickAsync("api-kick-1", CancellationToken.None));
    }

    private static async Task<List<Core.Emqx.BrokerClient>> ListAsync(EmqxApiClient client)
    {
        var rows = new List<Core.Emqx.BrokerClient>();
        await foreach (var page in client.ListConnectedAsync(CancellationToken.None))
        {
            rows.AddRange(page.Clients);
        }

        return rows;
    }

    private async Task<IMqttClient> ConnectAsync(string clientId, string? username)
    {
        var device = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _brokerPort)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(45));
        if (username is not null)
        {
            options = options.WithCredentials(username, "pw");
        }

        await device.ConnectAsync(options.Build());
        return device;
    }

    private async Task<ClientDto?> GetAsync(string clientId)
    {
        using var http = _app.CreateClient();
        var response = await http.GetAsync("/api/clients/" + Uri.EscapeDataString(clientId));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ClientDto>(DashboardApp.Json) : null;
    }
}
