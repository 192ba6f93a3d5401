using Dashboard.Tests.Shared;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dashboard.Api;
using Dashboard.Demo;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;

namespace Dashboard.Tests.Demo;

/// <summary>
/// The embedded demo broker as a device sees it, and the events it publishes as the dashboard
/// reads them: each way a connection can end gives EMQX's reason, with the right peer.
/// </summary>
public sealed class EmbeddedBrokerTests : IAsyncLifetime
{
    private readonly int _brokerPort = FreePort.Next();
    private DashboardApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new DashboardApp(DashboardApp.DemoSettings(_brokerPort));
        await _app.StartAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_broker_listens_only_on_its_configured_address()
    {
        // Demo:BrokerAddress is 127.0.0.1 by default: nothing may answer on IPv6, loopback or any.
        using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        var error = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.IPv6Loopback, _brokerPort));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);

        using var device = await ConnectAsync("bound-1");
        await OnlineAsync("bound-1");
    }

    [Fact]
    public async Task A_clean_disconnect_is_normal_with_the_devices_own_peer()
    {
        var port = FreePort.Next();
        using var device = await ConnectAsync("normal-1", cleanStart: true, localAddress: "127.0.0.4", localPort: port);
        await device.DisconnectAsync();

        var client = await EndedAsync("normal-1");
        Assert.Equal("normal", client.LastReason);
        Assert.Equal("127.0.0.4", client.PeerIp);
        Assert.Equal(port, client.PeerPort);
        Assert.Equal("demo@127.0.0.1", client.Node);
    }

    [Fact]
    public async Task An_operator_kick_is_kicked()
    {
        using var device = await ConnectAsync("kick-1");
        await OnlineAsync("kick-1");

        await _app.Services.GetRequiredService<EmbeddedBroker>().KickAsync("kick-1");

        Assert.Equal("kicked", (await EndedAsync("kick-1")).LastReason);
    }

    [Theory]
    [InlineData(false, "takenover")]
    [InlineData(true, "discarded")]
    public async Task A_second_device_with_the_same_client_id_replaces_the_first(bool cleanStart, string reason)
    {
        var id = "shared-" + reason;
        using var first = await ConnectAsync(id, cleanStart, localAddress: "127.0.0.2");
        await OnlineAsync(id);
        var secondPort = FreePort.Next();
        using var second = await ConnectAsync(id, cleanStart, localAddress: "127.0.0.3", localPort: secondPort);

        var client = await Eventually.HoldsAsync(
            () => GetAsync(id),
            c => c?.LastReason == reason && c.PeerIp == "127.0.0.3",
            $"{id} was replaced by the device on 127.0.0.3");
        Assert.True(client!.Online);
        Assert.Equal("127.0.0.3", client.PeerIp);
        Assert.Equal(secondPort, client.PeerPort);
    }

    [Fact]
    public async Task A_publish_to_a_forbidden_topic_is_not_authorized()
    {
        using var device = await ConnectAsync("denied-1");
        await OnlineAsync("denied-1");

        await device.PublishStringAsync("forbidden/secrets", "let me in");

        Assert.Equal("not_authorized", (await EndedAsync("denied-1")).LastReason);
    }

    [Fact]
    public async Task Bad_credentials_are_refused_without_any_connection_event()
    {
        using var device = new MqttClientFactory().CreateMqttClient();
        var options = ClientOptions("bad-creds", cleanStart: true, "127.0.0.1", 0).WithCredentials("device", "wrong-password").Build();

        var result = await device.ConnectAsync(options);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result.ResultCode);

        using var after = await ConnectAsync("after-bad-creds");
        await OnlineAsync("after-bad-creds");
        using var http = _app.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/api/clients/bad-creds")).StatusCode);
    }

    [Fact]
    public async Task Silence_past_the_keepalive_is_keepalive_timeout()
    {
        using var device = await RawMqttConnection.ConnectAsync(_brokerPort, "silent-1", keepaliveSeconds: 1);

        await device.WaitUntilClosedAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("keepalive_timeout", (await EndedAsync("silent-1")).LastReason);
    }

    [Fact]
    public async Task A_dropped_socket_is_tcp_closed()
    {
        using var device = await RawMqttConnection.ConnectAsync(_brokerPort, "flaky-1");
        await OnlineAsync("flaky-1");

        device.Abort();

        Assert.Equal("tcp_closed", (await EndedAsync("flaky-1")).LastReason);
    }

    [Fact]
    public async Task A_second_connect_is_internal_error()
    {
        using var device = await RawMqttConnection.ConnectAsync(_brokerPort, "violator-1");
        await OnlineAsync("violator-1");

        await device.SendSecondConnectAsync();

        Assert.Equal("internal_error", (await EndedAsync("violator-1")).LastReason);
    }

    [Fact]
    public async Task A_client_without_a_client_id_gets_one_as_with_emqx()
    {
        // mosquitto_sub sends an empty client ID with MQTT 3.1.1 unless told otherwise.
        using var device = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _brokerPort)
            .WithClientId(string.Empty)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .Build();

        await device.ConnectAsync(options);

        var page = await Eventually.HoldsAsync(() => _app.GetClientsAsync("?q=auto-"), p => p.Total == 1, "the assigned ID is online");
        Assert.StartsWith("auto-", page.Items.Single().ClientId);
    }

    private async Task<IMqttClient> ConnectAsync(string clientId, bool cleanStart = true, string localAddress = "127.0.0.1", int localPort = 0)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(ClientOptions(clientId, cleanStart, localAddress, localPort).Build());
        return client;
    }

    private MqttClientOptionsBuilder ClientOptions(string clientId, bool cleanStart, string localAddress, int localPort) =>
        DemoDevices.Options(_brokerPort, clientId, cleanStart, localAddress, localPort);

    private async Task<ClientDto> OnlineAsync(string clientId) =>
        (await Eventually.HoldsAsync(() => GetAsync(clientId), c => c?.Online == true, $"{clientId} is online"))!;

    private async Task<ClientDto> EndedAsync(string clientId) =>
        (await Eventually.HoldsAsync(() => GetAsync(clientId), c => c is { Online: false }, $"{clientId} is offline"))!;

    /// <summary>The client as the dashboard shows it; null while it has never been seen.</summary>
    private async Task<ClientDto?> GetAsync(string clientId)
    {
        using var http = _app.CreateClient();
        var response = await http.GetAsync("/api/clients/" + Uri.EscapeDataString(clientId));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ClientDto>(DashboardApp.Json) : null;
    }
}
