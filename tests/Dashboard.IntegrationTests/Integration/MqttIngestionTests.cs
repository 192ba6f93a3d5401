using Dashboard.Tests.Shared;
using System.Net;
using System.Net.Http.Json;
using Dashboard.Api;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary>EMQX events published to a real mosquitto, read by the real app, checked through its REST API.</summary>
public sealed class MqttIngestionTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private DashboardApp _app = null!;
    private EventPublisher _publisher = null!;

    public async Task InitializeAsync()
    {
        _app = new DashboardApp(broker);
        await _app.StartAsync();
        _publisher = await EventPublisher.ConnectAsync(broker);
    }

    public async Task DisposeAsync()
    {
        await _publisher.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Fixture_connect_then_disconnect_shows_the_client_online_then_offline()
    {
        await _publisher.PublishAsync("client_connected", Fixtures.Read("client_connected.json"));

        var online = await Eventually.HoldsAsync(() => _app.GetClientsAsync(), page => page.Total == 1, "sensor-0042 is online");
        var client = Assert.Single(online.Items);
        Assert.Equal("sensor-0042", client.ClientId);
        Assert.Equal("sensor-user", client.Username);
        Assert.Equal("172.18.0.1", client.PeerIp);
        Assert.Equal(53122, client.PeerPort);
        Assert.Equal("emqx@172.18.0.2", client.Node);
        Assert.Equal(new DateTime(2025, 6, 10, 10, 30, 0, 125, DateTimeKind.Utc), client.ConnectedAt);
        Assert.Equal(5, client.ProtoVer);
        Assert.Equal(60, client.Keepalive);
        Assert.True(client.CleanStart);

        await _publisher.PublishAsync("client_disconnected", Fixtures.Read("client_disconnected_normal.json"));

        await Eventually.HoldsAsync(() => _app.GetClientsAsync(), page => page.Total == 0, "no client is online");
        var offline = await _app.GetClientsAsync("?state=offline");
        Assert.Equal("normal", Assert.Single(offline.Items).LastReason);
    }

    [Fact]
    public async Task Takeover_disconnect_after_the_new_connect_keeps_the_client_online()
    {
        const string old = """{"event":"client.connected","clientid":"gw-line3-plc07","username":"gateway","peername":"10.20.5.17:41230","connected_at":1749547800000,"proto_ver":4,"keepalive":30,"clean_start":false}""";
        const string replacement = """{"event":"client.connected","clientid":"gw-line3-plc07","username":"gateway","peername":"10.20.5.17:41298","connected_at":1749553811031,"proto_ver":4,"keepalive":30,"clean_start":false}""";
        await _publisher.PublishAsync("client_connected", old);
        await _publisher.PublishAsync("client_connected", replacement);
        await _publisher.PublishAsync("client_disconnected", Fixtures.Read("client_disconnected_takenover.json"));
        await _publisher.PublishAsync("client_connected", Fixtures.Read("client_connected.json"));

        await Eventually.HoldsAsync(() => _app.GetClientsAsync(), page => page.Total == 2, "both clients are online");
        var gateway = (await _app.GetClientsAsync("?q=gw-line3")).Items.Single();
        Assert.True(gateway.Online);
        Assert.Equal(41298, gateway.PeerPort);
        Assert.Equal("takenover", gateway.LastReason);
    }

    [Fact]
    public async Task A_malformed_payload_is_counted_and_ingestion_carries_on()
    {
        await _publisher.PublishAsync("client_connected", "{\"clientid\": <script>alert(1)</script>");
        await _publisher.PublishAsync("client_connected", """{"clientid":"after-bad","connected_at":1749551400125}""");

        await Eventually.HoldsAsync(() => _app.GetClientsAsync(), page => page.Items.Any(c => c.ClientId == "after-bad"), "the valid event after the bad one is applied");
        var status = await _app.GetIngestStatusAsync();
        Assert.Equal(1, status.ParseFailures);
        Assert.Equal(2, status.Received);
        Assert.Equal(1, status.Accepted);
        var mqtt = status.Sources.Single(s => s.Name == "mqtt");
        Assert.Equal(Core.Ingestion.IngestSourceState.Connected, mqtt.State);
        Assert.Equal(1, mqtt.ParseFailures);
        Assert.NotNull(mqtt.LastEventAt);
    }

    [Fact]
    public async Task Redelivered_events_are_counted_once()
    {
        var payload = Fixtures.Read("client_connected.json");
        await _publisher.PublishAsync("client_connected", payload);
        await _publisher.PublishAsync("client_connected", payload);

        await Eventually.HoldsAsync(() => _app.GetIngestStatusAsync(), s => s.Received == 2, "both copies arrived");
        var status = await Eventually.HoldsAsync(() => _app.GetIngestStatusAsync(), s => s.Accepted + s.Duplicates == 2, "both copies were applied");
        Assert.Equal(1, status.Duplicates);
        Assert.Equal(1, (await _app.GetClientsAsync()).Total);
    }

    [Theory]
    [InlineData("Gerät/Küche 100%")]
    [InlineData("a/b/c")]
    [InlineData("with space")]
    public async Task A_client_id_with_reserved_characters_is_found_url_encoded(string clientId)
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(new { clientid = clientId, connected_at = 1749551400125, peername = "10.0.0.9:1234", @event = "client.connected" });
        await _publisher.PublishAsync("client_connected", payload);
        await Eventually.HoldsAsync(() => _app.GetClientsAsync(), page => page.Total == 1, "the client is online");

        using var http = _app.CreateClient();
        var client = await http.GetFromJsonAsync<ClientDto>("/api/clients/" + Uri.EscapeDataString(clientId), DashboardApp.Json);

        Assert.Equal(clientId, client!.ClientId);
        Assert.Equal("10.0.0.9", client.PeerIp);
    }

    [Fact]
    public async Task An_unknown_client_is_404_and_bad_query_values_are_400()
    {
        using var http = _app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/clients/never-seen")).StatusCode);
        var bad = await http.GetAsync("/api/clients?state=sometimes&pageSize=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync();
        Assert.Contains("state", body);
        Assert.Contains("pageSize", body);
    }

    [Fact]
    public async Task A_year_9999_connect_does_not_pin_the_client_online_nor_make_later_events_stale_issue_11()
    {
        using var http = _app.CreateClient();
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

        // The forged connect, then the client's real session (stamped a moment before the forgery
        // arrived, the hardest order), then its real normal disconnect.
        await _publisher.PublishAsync("client_connected", FutConnect(253402300799000, "203.0.113.66:6666"));
        await Eventually.HoldsAsync(() => GetFutAsync(http), c => c is { Online: true }, "fut is online");
        await _publisher.PublishAsync("client_connected", FutConnect(now - 1_000, "10.0.0.7:40000"));
        await _publisher.PublishAsync("client_disconnected", FutDisconnect(now + 4_000, now - 1_000, "10.0.0.7:40000"));

        var offline = await Eventually.HoldsAsync(() => GetFutAsync(http), c => c is { Online: false }, "fut is offline");
        Assert.Equal("normal", offline!.LastReason);
        Assert.True(offline.ConnectedAt < DateTime.UtcNow.AddDays(1), $"connected at {offline.ConnectedAt:O}");
        Assert.Equal(1, (await _app.GetIngestStatusAsync()).ClampedTimes);

        // A later real session is applied, not dropped as older than the year 9999.
        await _publisher.PublishAsync("client_connected", FutConnect(now + 10_000, "10.0.0.7:40001"));
        var online = await Eventually.HoldsAsync(() => GetFutAsync(http), c => c is { Online: true }, "fut is online again");
        Assert.Equal(40001, online!.PeerPort);
        Assert.Equal(0, (await _app.GetIngestStatusAsync()).OutOfOrder);
    }

    private static string FutConnect(long connectedAt, string peer) =>
        $$"""{"event":"client.connected","clientid":"fut","username":"u","peername":"{{peer}}","connected_at":{{connectedAt}}}""";

    private static string FutDisconnect(long disconnectedAt, long connectedAt, string peer) =>
        $$"""{"event":"client.disconnected","clientid":"fut","username":"u","reason":"normal","peername":"{{peer}}","connected_at":{{connectedAt}},"disconnected_at":{{disconnectedAt}}}""";

    private static async Task<ClientDto?> GetFutAsync(HttpClient http)
    {
        var response = await http.GetAsync("/api/clients/fut");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<ClientDto>(DashboardApp.Json);
    }
}
