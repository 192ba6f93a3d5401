using System.Text;
using System.Text.Json;
using Dashboard.Core.Emqx;

namespace Dashboard.Core.Tests.Emqx;

/// <summary>
/// The parser of EMQX's REST client objects and listing pages, over the recorded fixtures
/// (tests/Fixtures/emqx, "REST: clients and nodes") and over hostile values.
/// </summary>
public sealed class BrokerClientJsonTests
{
    private readonly BrokerClientJson _json = new(maxFieldLength: 1024);

    [Fact]
    public void The_v1_page_reads_every_row_with_its_times_null_username_and_disconnected_session()
    {
        var page = _json.ParsePage(Fixture("api_clients_page.json"));

        Assert.True(page.HasNext);
        Assert.Null(page.NextCursor);
        Assert.Equal(0, page.Skipped);
        Assert.Equal(["sensor-0042", "gw-line3-plc07", "mobile-app-55d1e0"], page.Clients.Select(c => c.ClientId));

        var sensor = page.Clients[0];
        Assert.True(sensor.Connected);
        Assert.Equal(new DateTimeOffset(2025, 6, 10, 10, 30, 0, 125, TimeSpan.Zero), sensor.ConnectedAt);
        Assert.Equal("sensor-user", sensor.Username);
        Assert.Equal("172.18.0.1", sensor.PeerIp);
        Assert.Equal(53122, sensor.PeerPort);
        Assert.Equal("emqx@172.18.0.2", sensor.Node);
        Assert.Equal(60, sensor.Keepalive);
        Assert.True(sensor.CleanStart);
        Assert.Equal(3600, sensor.ExpiryIntervalSeconds);
        Assert.Equal(5, sensor.ProtoVer);
        Assert.Equal("MQTT", sensor.ProtoName);
        Assert.Equal(new SessionQueueFigures(0, 1000, 0, 0, 32), sensor.Queue);

        var mobile = page.Clients[2];
        Assert.False(mobile.Connected);
        Assert.Null(mobile.Username);
        Assert.Equal(7, mobile.Queue!.MqueueLen);
    }

    [Fact]
    public void A_cursor_page_has_the_cursor_and_converts_each_offset_to_utc()
    {
        var page = _json.ParsePage(Fixture("api_clients_v2_page.json"));

        Assert.Equal("g2wAAAADYQFhAm0AAAACYzJq", page.NextCursor);
        Assert.False(page.HasNext); // clients_v2 has no hasnext: the cursor alone says more follows
        Assert.Equal(2, page.Clients.Count);
        Assert.Equal(new DateTimeOffset(2025, 6, 10, 10, 30, 0, 125, TimeSpan.Zero), page.Clients[0].ConnectedAt);
        Assert.Equal(TimeSpan.Zero, page.Clients[0].ConnectedAt!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2025, 6, 10, 11, 10, 11, 31, TimeSpan.Zero), page.Clients[1].ConnectedAt);
        Assert.Null(page.Clients[1].Username);
        Assert.False(page.Clients[1].CleanStart);
        Assert.Equal(7200, page.Clients[1].ExpiryIntervalSeconds);
        Assert.Equal(4, page.Clients[1].ProtoVer);
        Assert.All(page.Clients, c => Assert.Null(c.Queue)); // the fields asked for hold no queue figures
    }

    [Fact]
    public void The_last_cursor_page_has_no_cursor_and_missing_fields_are_unknown()
    {
        var page = _json.ParsePage(Fixture("api_clients_v2_last_page.json"));

        Assert.Null(page.NextCursor);
        var client = Assert.Single(page.Clients);
        Assert.Equal("mobile-app-55d1e0", client.ClientId);
        Assert.Null(client.Username);
        Assert.Equal("10.20.8.61", client.PeerIp); // an IPv6 listener's mapped address, unmapped
    }

    [Fact]
    public void One_client_has_its_queue_figures_and_infinity_is_no_number()
    {
        var client = _json.ParseClient(Fixture("api_client.json"));

        Assert.NotNull(client);
        Assert.Equal("connection-dashboard", client.ClientId);
        Assert.Equal(new SessionQueueFigures(1000, 1000, 1843, 32, 32), client.Queue);
        Assert.Null(client.Username);
        Assert.Equal(new DateTimeOffset(2025, 6, 10, 10, 30, 0, 125, TimeSpan.Zero), client.ConnectedAt);
    }

    [Fact]
    public void The_not_found_body_is_no_client()
    {
        Assert.Null(_json.ParseClient(Fixture("api_client_not_found.json")));
    }

    [Fact]
    public void A_page_without_a_data_array_is_a_format_error()
    {
        foreach (var body in new[] { """{"data":{"clientid":"a"}}""", """{"data":"x"}""", """{"meta":{}}""", "[]", "null" })
        {
            Assert.Throws<FormatException>(() => _json.ParsePage(Encoding.UTF8.GetBytes(body)));
        }
    }

    [Fact]
    public void Malformed_json_is_a_json_error()
    {
        Assert.ThrowsAny<JsonException>(() => _json.ParsePage("""{"data":[{"clientid":"a",}"""u8));
    }

    [Fact]
    public void Rows_with_a_hostile_client_id_are_skipped_and_counted()
    {
        var longId = new string('x', 10_000);
        var body = Page(
            Row(longId),
            Row("nul\u0000id"),
            Row(""),
            """{"username":"no-id"}""",
            "42",
            "null",
            Row("fine-1"));

        var page = _json.ParsePage(body);

        Assert.Equal(["fine-1"], page.Clients.Select(c => c.ClientId));
        Assert.Equal(6, page.Skipped);
    }

    [Fact]
    public void Hostile_values_in_other_fields_become_unknown_and_keep_the_row()
    {
        var body = Page("""
            {"clientid":"c1","username":"u\u0000ser","ip_address":"not an ip at all","port":70000,"keepalive":-1,
             "proto_ver":"five","expiry_interval":-5,"connected_at":"yesterday","node":null,"clean_start":"yes",
             "mqueue_len":"infinity","mqueue_dropped":1e30}
            """);

        var client = Assert.Single(_json.ParsePage(body).Clients);

        Assert.Null(client.Username);
        Assert.Null(client.PeerPort);
        Assert.Null(client.Keepalive);
        Assert.Null(client.ProtoVer);
        Assert.Null(client.ExpiryIntervalSeconds);
        Assert.Null(client.ConnectedAt);
        Assert.Null(client.Node);
        Assert.Null(client.CleanStart);
        Assert.Equal(new SessionQueueFigures(0, 0, 0, 0, 0), client.Queue);
    }

    [Fact]
    public void A_long_username_past_the_bound_is_unknown_but_the_client_stays()
    {
        var body = Page($$"""{"clientid":"c1","username":"{{new string('u', 1025)}}"}""");

        var client = Assert.Single(_json.ParsePage(body).Clients);

        Assert.Equal("c1", client.ClientId);
        Assert.Null(client.Username);
    }

    [Fact]
    public void A_cursor_that_cannot_be_sent_back_fails_the_page_rather_than_end_the_listing()
    {
        var tooLong = new string('g', 5000);
        foreach (var cursor in new[] { "\"" + tooLong + "\"", "42", "\"a\\u0000b\"", "{}" })
        {
            var body = Encoding.UTF8.GetBytes("{\"data\":[],\"meta\":{\"count\":0,\"cursor\":" + cursor + "}}");
            Assert.Throws<FormatException>(() => _json.ParsePage(body));
        }

        Assert.Null(_json.ParsePage("""{"data":[],"meta":{"count":0,"cursor":null}}"""u8).NextCursor);
    }

    [Fact]
    public void Epoch_milliseconds_are_read_too_and_times_before_2000_are_unknown()
    {
        var page = _json.ParsePage(Page("""{"clientid":"a","connected_at":1749551400125}""", """{"clientid":"b","connected_at":"1970-01-01T00:00:01.000+00:00"}"""));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1749551400125), page.Clients[0].ConnectedAt);
        Assert.Null(page.Clients[1].ConnectedAt);
    }

    private static byte[] Fixture(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "emqx", name));

    private static string Row(string clientId) => JsonSerializer.Serialize(new Dictionary<string, object> { ["clientid"] = clientId, ["connected"] = true });

    private static byte[] Page(params string[] rows) => Encoding.UTF8.GetBytes("""{"data":[""" + string.Join(',', rows) + """],"meta":{"count":1}}""");
}
