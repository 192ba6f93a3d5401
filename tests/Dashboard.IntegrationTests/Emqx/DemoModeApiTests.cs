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
        var settings = DashboardApp.DemoSettings(_brokerPort, _apiPort);
        settings["Emqx:PageSize"] = "2";
        _app = new DashboardApp(settings);
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
    public async Task The_cursor_listing_pages_through_every_connection_once()
    {
        var devices = new List<IMqttClient>();
        try
        {
            foreach (var id in new[] { "page-e", "page-a", "page-d/1", "page-c", "page-b" })
            {
                devices.Add(await ConnectAsync(id, null));
            }

            // The broker's listing learns of a connection just after its CONNACK (as EMQX's does): wait until all five
            // are there, so the paging below is checked over a listing that no longer changes.
            var client = _app.Services.GetRequiredService<EmqxApiClient>();
            await Eventually.HoldsAsync(
                async () => await ListAsync(client),
                rows => rows.Count(c => c.ClientId.StartsWith("page-", StringComparison.Ordinal)) == 5,
                "every device is listed");
            var pages = new List<List<string>>();
            await foreach (var page in client.ListConnectedAsync(CancellationToken.None))
            {
                pages.Add([.. page.Clients.Select(c => c.ClientId)]);
            }

            // Six connections (the dashboard's own too) in pages of two, in client ID order, each once.
            var listed = pages.SelectMany(p => p).ToList();
            Assert.Equal(3, pages.Count);
            Assert.All(pages, p => Assert.Equal(2, p.Count));
            Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
            Assert.Equal(["page-a", "page-b", "page-c", "page-d/1", "page-e"], listed.Where(id => id.StartsWith("page-", StringComparison.Ordinal)));
            Assert.Equal(6, listed.Distinct().Count());
        }
        finally
        {
            foreach (var device in devices)
            {
                device.Dispose();
            }
        }
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
