using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dashboard.Api;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using MQTTnet;
using MQTTnet.Formatter;

namespace Dashboard.Tests.Demo;

/// <summary>
/// The embedded broker's access events as EMQX 5.8 emits them (FACTS §5.3), read straight off its
/// republish topics by an observer client, and as the dashboard stores them: the order of one
/// connect, a refusal that is a failed authentication and a refusing connack and nothing else.
/// </summary>
public sealed class EmbeddedBrokerAccessTests : IAsyncLifetime
{
    private static readonly string[] Topics =
        ["client_connected", "client_disconnected", "client_connack", "client_check_authn_complete", "client_check_authz_complete"];

    private readonly int _brokerPort = FreePort.Next();
    private readonly ConcurrentQueue<JsonObject> _seen = new();
    private DashboardApp _app = null!;
    private IMqttClient _observer = null!;

    public async Task InitializeAsync()
    {
        _app = new DashboardApp(DashboardApp.DemoSettings(_brokerPort));
        await _app.StartAsync();
        _observer = new MqttClientFactory().CreateMqttClient();
        _observer.ApplicationMessageReceivedAsync += e =>
        {
            _seen.Enqueue(JsonNode.Parse(e.ApplicationMessage.ConvertPayloadToString())!.AsObject());
            return Task.CompletedTask;
        };
        await _observer.ConnectAsync(Options("observer", cleanStart: true, "127.0.0.1").Build());
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in Topics)
        {
            subscribe.WithTopicFilter(topic, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await _observer.SubscribeAsync(subscribe.Build());
    }

    public async Task DisposeAsync()
    {
        _observer.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData(false, "takenover")]
    [InlineData(true, "discarded")]
    public async Task A_takeover_is_authn_then_the_old_disconnect_then_connected_then_connack(bool cleanStart, string reason)
    {
        var id = "order-" + reason;
        using var first = new MqttClientFactory().CreateMqttClient();
        await first.ConnectAsync(Options(id, cleanStart, "127.0.0.2").Build());
        await EventsAsync(id, 3);
        using var second = new MqttClientFactory().CreateMqttClient();
        await second.ConnectAsync(Options(id, cleanStart, "127.0.0.3").Build());

        var events = await EventsAsync(id, 7);

        Assert.Equal(
            [
                "client.check_authn_complete success 127.0.0.2", "client.connected 127.0.0.2", "client.connack success 127.0.0.2",
                $"client.check_authn_complete success 127.0.0.3", $"client.disconnected {reason} 127.0.0.2", "client.connected 127.0.0.3", "client.connack success 127.0.0.3",
            ],
            events.Take(7).Select(Describe));

        // MQTTnet's own, later report of the replaced connection adds nothing.
        await BarrierAsync();
        Assert.Equal(7, (await EventsAsync(id, 7)).Count);
    }

    [Fact]
    public async Task A_connack_row_has_emqx_58_columns_with_the_expiry_in_milliseconds()
    {
        using var device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(Options("columns-1", cleanStart: false, "127.0.0.4").WithCredentials("sensor-user", "right").Build());

        var events = await EventsAsync("columns-1", 3);
        var authn = events[0];
        var connack = events[2];

        Assert.Equal(
            ["clean_start", "clientid", "conn_props", "event", "expiry_interval", "keepalive", "metadata", "node", "peername", "proto_name", "proto_ver", "reason_code", "sockname", "timestamp", "username"],
            connack.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(300_000, (long)connack["expiry_interval"]!);
        Assert.Equal(5, (int)connack["proto_ver"]!);
        Assert.False((bool)connack["clean_start"]!);
        Assert.Equal("sensor-user", (string?)connack["username"]);
        Assert.Equal("demo@127.0.0.1", (string?)connack["node"]);
        Assert.Equal(
            ["client_attrs", "clientid", "event", "is_anonymous", "is_superuser", "metadata", "node", "peername", "reason_code", "timestamp", "username"],
            authn.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.False((bool)authn["is_anonymous"]!);
    }

    [Fact]
    public async Task Bad_credentials_are_a_failed_authentication_and_a_refusing_connack_and_nothing_else()
    {
        using var device = new MqttClientFactory().CreateMqttClient();
        var port = FreePort.Next();
        var result = await device.ConnectAsync(Options("refused-1", cleanStart: true, "127.0.0.5", port).WithCredentials("device", "wrong-password").Build());
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result.ResultCode);

        await BarrierAsync();
        var events = await EventsAsync("refused-1", 2);

        Assert.Equal(["client.check_authn_complete bad_username_or_password 127.0.0.5", "client.connack bad_username_or_password 127.0.0.5"], events.Select(Describe));
        Assert.Equal($"127.0.0.5:{port}", (string?)events[1]["peername"]);

        // The dashboard stores both failures, with the device's address, and no client or session.
        var refused = await Eventually.HoldsAsync(
            () => RefusedAsync("refused-1"),
            rows => rows.Length == 2,
            "both failures are stored");
        Assert.All(refused, r => Assert.Equal(("bad_username_or_password", "127.0.0.5", "device"), (r.ReasonCode, r.PeerIp, r.Username)));
        Assert.Equal(["authentication", "connack"], refused.Select(r => r.Kind).Order(StringComparer.Ordinal));
        using var http = _app.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/api/clients/refused-1")).StatusCode);
    }

    [Fact]
    public async Task A_denied_publish_is_an_authorization_denial_before_the_not_authorized_disconnect()
    {
        using var device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(Options("denied-2", cleanStart: true, "127.0.0.6").Build());
        await EventsAsync("denied-2", 3);

        await device.PublishStringAsync("forbidden/secrets", "let me in");

        var events = await EventsAsync("denied-2", 5);
        Assert.Equal(["client.check_authz_complete deny publish forbidden/secrets file", "client.disconnected not_authorized 127.0.0.6"], events.Skip(3).Select(Describe));
        var denial = await Eventually.HoldsAsync(() => RefusedAsync("denied-2"), rows => rows.Length == 1, "the denial is stored");
        Assert.Equal(("authorization", "forbidden/secrets", "publish", "file"), (denial[0].Kind, denial[0].Topic, denial[0].Action, denial[0].AuthzSource));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task A_client_without_an_id_is_reported_under_the_id_the_broker_assigns(MqttProtocolVersion version)
    {
        using var device = new MqttClientFactory().CreateMqttClient();
        var local = version == MqttProtocolVersion.V311 ? "127.0.0.7" : "127.0.0.8";
        await device.ConnectAsync(new MqttClientOptionsBuilder()
            .WithEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, _brokerPort))
            .WithTcpServer(o => o.LocalEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(local), 0))
            .WithClientId(string.Empty)
            .WithProtocolVersion(version)
            .WithCleanSession(true)
            .Build());

        var events = await Eventually.HoldsAsync(
            () => Task.FromResult(_seen.Where(e => ((string)e["peername"]!).StartsWith(local + ":", StringComparison.Ordinal)).ToList()),
            rows => rows.Count >= 3,
            "the assigned client's three events arrived");

        Assert.Equal([$"client.check_authn_complete success {local}", $"client.connected {local}", $"client.connack success {local}"], events.Select(Describe));
        Assert.Single(events.Select(e => (string?)e["clientid"]).Distinct());
        Assert.StartsWith("auto-", (string?)events[0]["clientid"], StringComparison.Ordinal);
    }

    private static string Describe(JsonObject e) => (string?)e["event"] switch
    {
        "client.check_authz_complete" => $"{e["event"]} {e["result"]} {e["action"]} {e["topic"]} {e["authz_source"]}",
        "client.connected" => $"{e["event"]} {Ip(e)}",
        "client.disconnected" => $"{e["event"]} {e["reason"]} {Ip(e)}",
        _ => $"{e["event"]} {e["reason_code"]} {Ip(e)}",
    };

    private static string Ip(JsonObject e)
    {
        var peer = (string)e["peername"]!;
        return peer[..peer.LastIndexOf(':')];
    }

    /// <summary>The client's events so far, in the order the observer received them, once there are at least <paramref name="count"/>.</summary>
    private async Task<List<JsonObject>> EventsAsync(string clientId, int count) => await Eventually.HoldsAsync(
        () => Task.FromResult(_seen.Where(e => (string?)e["clientid"] == clientId).ToList()),
        events => events.Count >= count,
        $"{count} events of {clientId} arrived");

    /// <summary>Waits until a later client's connack has arrived: everything published before it has too.</summary>
    private async Task BarrierAsync()
    {
        var id = "barrier-" + Guid.NewGuid().ToString("N")[..8];
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(Options(id, cleanStart: true, "127.0.0.1").Build());
        await EventsAsync(id, 3);
    }

    private async Task<RefusedDto[]> RefusedAsync(string clientId)
    {
        using var http = _app.CreateClient();
        return (await http.GetFromJsonAsync<RefusedDto[]>($"/api/refused?from=2000-01-01T00:00:00Z&clientId={clientId}", DashboardApp.Json))!;
    }

    private MqttClientOptionsBuilder Options(string clientId, bool cleanStart, string localAddress, int localPort = 0) =>
        DemoDevices.Options(_brokerPort, clientId, cleanStart, localAddress, localPort);
}
