using System.Text;
using System.Text.Json.Nodes;
using Dashboard.Core.Events;
using static Dashboard.Core.Tests.Parsing.ParserTestKit;

namespace Dashboard.Core.Tests.Parsing;

/// <summary>
/// client.connack, client.check_authn_complete and client.check_authz_complete: every fixture with
/// every field pinned, both families of EMQX names, the 5.8.9 quirks, and hostile payloads.
/// </summary>
public sealed class EmqxAccessParserTests
{
    private const string Node = "emqx@172.18.0.2";

    private static AccessEvent ParseAccessFixture(string name, string? topic = "dashboard/events")
    {
        var parsed = new EmqxEventParser().Parse(Fixture(name), topic, EventSourceKind.Mqtt, ReceivedAt);
        Assert.Equal(Encoding.UTF8.GetString(Fixture(name)), parsed.Access?.RawJson);
        return AccessOk(parsed);
    }

    private static AccessEvent AccessOk(ParseResult result)
    {
        Assert.True(result.IsSuccess, "expected success, got: " + result.Failure?.Error);
        Assert.Null(result.Event);
        Assert.Null(result.Failure);
        return result.Access! with { RawJson = null };
    }

    private static AccessEvent Connack(string clientId, string reasonCode, long timestamp, int peerPort) => new()
    {
        ClientId = clientId,
        Kind = AccessEventKind.Connack,
        EventTime = Ms(timestamp),
        ReceivedAt = ReceivedAt,
        Source = EventSourceKind.Mqtt,
        Username = "sensor-user",
        PeerIp = "172.18.0.1",
        PeerPort = peerPort,
        Node = Node,
        ReasonCode = reasonCode,
        CleanStart = true,
    };

    [Fact]
    public void Connack_success_5_8_9_expiry_in_ms_becomes_seconds()
    {
        var expected = Connack("sensor-0042", "success", 1749551400128, 53122) with { ProtoVer = 5, Keepalive = 60, ExpiryIntervalSeconds = 3600 };

        var actual = ParseAccessFixture("client_connack_success.json");

        Assert.Equal(expected, actual);
        Assert.False(actual.IsFailure);
    }

    [Fact]
    public void Connack_refused_bad_credentials_mqtt_3_1_1_still_carries_the_mqtt_5_name()
    {
        var expected = Connack("sensor-0099", "bad_username_or_password", 1749553000021, 53990) with { ProtoVer = 4, Keepalive = 60, ExpiryIntervalSeconds = 0 };

        var actual = ParseAccessFixture("client_connack_bad_credentials.json");

        Assert.Equal(expected, actual);
        Assert.True(actual.IsFailure);
    }

    [Fact]
    public void Connack_server_busy_is_a_failure_kept_verbatim()
    {
        var expected = Connack("sensor-0042", "server_busy", 1749553100412, 54007) with { ProtoVer = 5, Keepalive = 30, ExpiryIntervalSeconds = 0 };

        var actual = ParseAccessFixture("client_connack_server_busy.json");

        Assert.Equal(expected, actual);
        Assert.True(actual.IsFailure);
    }

    [Theory]
    [InlineData("client_connack_success_5_10.json", "success", 1749551400128L, 53122, 5, 3600L)]
    [InlineData("client_connack_bad_credentials_5_10.json", "bad_username_or_password", 1749553000021L, 53990, 4, 0L)]
    public void Connack_5_10_with_connected_at_or_undefined(string name, string reasonCode, long timestamp, int port, int protoVer, long expirySeconds)
    {
        var clientId = reasonCode == "success" ? "sensor-0042" : "sensor-0099";
        var expected = Connack(clientId, reasonCode, timestamp, port) with { ProtoVer = protoVer, Keepalive = 60, ExpiryIntervalSeconds = expirySeconds };

        Assert.Equal(expected, ParseAccessFixture(name, "$events/client/connack"));
    }

    [Theory]
    [InlineData("client_check_authn_complete_failure.json", "sensor-0099", "bad_username_or_password", 1749553000019L, 53990, true)]
    [InlineData("client_check_authn_complete_success.json", "sensor-0042", "success", 1749551400124L, 53122, false)]
    public void Authentication_results(string name, string clientId, string reasonCode, long timestamp, int port, bool failure)
    {
        var expected = new AccessEvent
        {
            ClientId = clientId,
            Kind = AccessEventKind.Authentication,
            EventTime = Ms(timestamp),
            ReceivedAt = ReceivedAt,
            Source = EventSourceKind.Mqtt,
            Username = "sensor-user",
            PeerIp = "172.18.0.1",
            PeerPort = port,
            Node = Node,
            ReasonCode = reasonCode,
        };

        var actual = ParseAccessFixture(name);

        Assert.Equal(expected, actual);
        Assert.Equal(failure, actual.IsFailure);
    }

    [Theory]
    [InlineData("client_check_authz_complete_deny.json", "deny", "factory/line-2/commands", "subscribe", "default", 1749552000300L, true)]
    [InlineData("client_check_authz_complete_allow.json", "allow", "factory/line-1/telemetry", "publish", "file", 1749552000200L, false)]
    public void Authorization_results(string name, string result, string topic, string action, string source, long timestamp, bool failure)
    {
        var expected = new AccessEvent
        {
            ClientId = "sensor-0042",
            Kind = AccessEventKind.Authorization,
            EventTime = Ms(timestamp),
            ReceivedAt = ReceivedAt,
            Source = EventSourceKind.Mqtt,
            Username = "sensor-user",
            PeerIp = "172.18.0.1",
            PeerPort = 53122,
            Node = Node,
            Topic = topic,
            Action = action,
            Result = result,
            AuthzSource = source,
        };

        var actual = ParseAccessFixture(name);

        Assert.Equal(expected, actual);
        Assert.Equal(failure, actual.IsFailure);
    }

    [Theory]
    [InlineData("client_connack_bad_credentials.json", "$events/client_connack", AccessEventKind.Connack)]
    [InlineData("client_connack_bad_credentials.json", "$events/client/connack", AccessEventKind.Connack)]
    [InlineData("client_connack_bad_credentials.json", "dashboard/Client_Connack", AccessEventKind.Connack)]
    [InlineData("client_check_authn_complete_failure.json", "$events/client_check_authn_complete", AccessEventKind.Authentication)]
    [InlineData("client_check_authn_complete_failure.json", "$events/auth/check_authn_complete", AccessEventKind.Authentication)]
    [InlineData("client_check_authz_complete_deny.json", "$events/client_check_authz_complete", AccessEventKind.Authorization)]
    [InlineData("client_check_authz_complete_deny.json", "$events/auth/check_authz_complete", AccessEventKind.Authorization)]
    public void Kind_from_either_family_of_topic_names_when_the_payload_has_no_event(string name, string topic, AccessEventKind kind)
    {
        var json = JsonNode.Parse(Fixture(name))!.AsObject();
        json.Remove("event");

        // Without the topic the connack fixture's fields alone would not tell connack from authentication for sure.
        Assert.Equal(kind, AccessOk(Parse(json.ToJsonString(), topic)).Kind);
    }

    [Fact]
    public void The_event_field_wins_over_a_topic_that_claims_a_connect()
    {
        var parsed = new EmqxEventParser().Parse(Fixture("client_connack_bad_credentials.json"), "dashboard/client_connected", EventSourceKind.Mqtt, ReceivedAt);

        Assert.Equal(AccessEventKind.Connack, AccessOk(parsed).Kind);
    }

    [Theory]
    [InlineData("""{"clientid":"c1","reason_code":"banned"}""", AccessEventKind.Connack)]
    [InlineData("""{"clientid":"c1","reason_code":"success","keepalive":60,"clean_start":true}""", AccessEventKind.Connack)]
    [InlineData("""{"clientid":"c1","reason_code":"not_authorized","is_superuser":false}""", AccessEventKind.Authentication)]
    [InlineData("""{"clientid":"c1","result":"deny","topic":"a/b","action":"publish"}""", AccessEventKind.Authorization)]
    public void Kind_from_the_fields_of_a_column_subset(string json, AccessEventKind kind) =>
        Assert.Equal(kind, AccessOk(Parse(json, "dashboard/events")).Kind);

    [Fact]
    public void Authorization_without_peername_takes_peerhost()
    {
        var actual = AccessOk(Parse("""{"event":"client.check_authz_complete","clientid":"c1","result":"deny","peerhost":"::FFFF:10.0.0.7"}"""));

        Assert.Equal(("10.0.0.7", (int?)null), (actual.PeerIp, actual.PeerPort));
    }

    [Fact]
    public void An_unknown_reason_code_is_kept_verbatim()
    {
        var actual = AccessOk(Parse("""{"event":"client.connack","clientid":"c1","reason_code":"some_future_code"}"""));

        Assert.Equal("some_future_code", actual.ReasonCode);
        Assert.True(actual.IsFailure);
    }

    [Fact]
    public void A_timestamp_far_ahead_is_clamped_to_the_receive_time()
    {
        var actual = AccessOk(Parse("""{"event":"client.connack","clientid":"c1","reason_code":"banned","timestamp":253402300799000}"""));

        Assert.Equal((ReceivedAt, true), (actual.EventTime, actual.TimeClamped));
    }

    [Fact]
    public void A_connack_payload_on_a_sys_topic_is_not_read_as_one()
    {
        var failure = ParseFail("""{"clientid":"c1","reason_code":"banned"}""", "$SYS/brokers/n1/clients/c1/connack", EventSourceKind.Sys);

        Assert.Equal("not a connect or disconnect event: $SYS topic ending in 'connack'", failure.Error);
    }

    [Theory]
    [InlineData("""{"event":"client.connack","clientid":"c1"}""", "missing 'reason_code'")]
    [InlineData("""{"event":"client.connack","clientid":"c1","reason_code":"undefined"}""", "missing 'reason_code'")]
    [InlineData("""{"event":"client.connack","reason_code":"banned"}""", "missing 'clientid'")]
    [InlineData("""{"event":"client.connack","clientid":"","reason_code":"banned"}""", "field 'clientid' is empty")]
    [InlineData("""{"event":"client.connack","clientid":"c1","reason_code":135}""", "field 'reason_code' must be a string, got number")]
    [InlineData("""{"event":"client.connack","clientid":"c1","reason_code":["banned"]}""", "field 'reason_code' must be a string, got array")]
    [InlineData("""{"event":"client.connack","clientid":"c1","reason_code":"ban\u0000ned"}""", "field 'reason_code' contains U+0000, which MQTT forbids in strings")]
    [InlineData("""{"event":"client.connack","clientid":"c1","reason_code":"banned","expiry_interval":-1}""", "field 'expiry_interval' is out of range: -1")]
    [InlineData("""{"event":"client.connack","clientid":"c1","reason_code":"banned","keepalive":"sixty"}""", "field 'keepalive' must be a number, got string")]
    [InlineData("""{"event":"client.check_authn_complete","clientid":"c1","reason_code":"success","is_superuser":"maybe"}""", "field 'is_superuser' must be a boolean, got \"maybe\"")]
    [InlineData("""{"event":"client.check_authn_complete","clientid":"c1","reason_code":"success","is_anonymous":1}""", "field 'is_anonymous' must be a boolean, got number")]
    [InlineData("""{"event":"client.check_authz_complete","clientid":"c1","topic":"a/b"}""", "missing 'result'")]
    [InlineData("""{"event":"client.check_authz_complete","clientid":"c1","result":"maybe"}""", "field 'result' must be \"allow\" or \"deny\", got \"maybe\"")]
    [InlineData("""{"event":"client.check_authz_complete","clientid":"c1","result":true}""", "field 'result' must be a string, got boolean")]
    [InlineData("""{"event":"client.check_authz_complete","clientid":"c1","result":"deny","topic":{"a":1}}""", "field 'topic' must be a string, got object")]
    [InlineData("""{"event":"client.check_authz_complete","clientid":"c1","result":"deny","peerhost":7}""", "field 'peerhost' must be a string, got number")]
    public void Wrong_or_missing_fields_are_clear_failures(string json, string error) =>
        Assert.Equal(error, ParseFail(json).Error);

    [Theory]
    [InlineData("reason_code", 1024)]
    [InlineData("topic", 1024)]
    [InlineData("action", 64)]
    [InlineData("authz_source", 64)]
    [InlineData("peerhost", 128)]
    public void Every_kept_string_is_bounded(string field, int limit)
    {
        string Payload(int length) =>
            $$"""{"event":"client.check_authz_complete","clientid":"c1","result":"deny","reason_code":"x","{{field}}":"{{new string('a', length)}}"}""";

        Assert.True(Parse(Payload(limit)).IsSuccess);
        Assert.Equal(
            $"field '{field}' is {limit + 1} characters long, over the {limit}-character limit",
            ParseFail(Payload(limit + 1)).Error);
    }

    [Fact]
    public void An_unknown_event_is_still_refused_by_name()
    {
        var failure = ParseFail("""{"event":"session.subscribed","clientid":"c1","topic":"a/b"}""", "dashboard/client_connack");

        Assert.Equal("not a connect or disconnect event: 'session.subscribed'", failure.Error);
    }
}
