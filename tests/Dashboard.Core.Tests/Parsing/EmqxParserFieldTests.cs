using Dashboard.Core.Events;
using static Dashboard.Core.Tests.Parsing.ParserTestKit;

namespace Dashboard.Core.Tests.Parsing;

/// <summary>How single fields, the topic and the source shape the event.</summary>
public sealed class EmqxParserFieldTests
{
    [Theory]
    [InlineData("\"undefined\"")]
    [InlineData("null")]
    public void Absent_markers_become_null(string absent)
    {
        var parsed = ParseOk(
            $$"""{"event":"client.disconnected","clientid":"c1","username":{{absent}},"peername":{{absent}},"node":{{absent}},"reason":{{absent}},"proto_name":{{absent}},"proto_ver":{{absent}},"keepalive":{{absent}},"clean_start":{{absent}},"expiry_interval":{{absent}},"connected_at":{{absent}},"disconnected_at":{{absent}},"timestamp":{{absent}}}""");

        Assert.Equal(
            new ConnectionEvent
            {
                ClientId = "c1",
                Kind = ConnectionEventKind.Disconnected,
                EventTime = ReceivedAt,
                EventTimeFromPayload = false,
                ReceivedAt = ReceivedAt,
                Source = EventSourceKind.Mqtt,
            },
            parsed);
        Assert.False(parsed.EventTimeFromPayload);
    }

    [Fact]
    public void Undefined_event_field_falls_back_to_the_topic()
    {
        var parsed = ParseOk("""{"event":"undefined","clientid":"c1"}""", "dash/client_disconnected");

        Assert.Equal(ConnectionEventKind.Disconnected, parsed.Kind);
    }

    [Theory]
    [InlineData("sensor/with/slashes")]
    [InlineData("with spaces  inside")]
    [InlineData("100%")]
    [InlineData("Gerät/Küche 100%")]
    [InlineData("日本-😀-\"quoted\"\\")]
    [InlineData("undefined")]
    public void Client_id_is_taken_verbatim(string clientId)
    {
        string json = System.Text.Json.JsonSerializer.Serialize(new { @event = "client.connected", clientid = clientId });

        Assert.Equal(clientId, ParseOk(json).ClientId);
    }

    [Fact]
    public void Escaped_names_and_values_are_unescaped()
    {
        var parsed = ParseOk("""{"ev\u0065nt":"client.connected","client\u0069d":"Ger\u00e4t\/K\u00fcche 100%"}""");

        Assert.Equal("Gerät/Küche 100%", parsed.ClientId);
        Assert.Equal(ConnectionEventKind.Connected, parsed.Kind);
    }

    [Fact]
    public void Sys_client_id_comes_from_the_payload_not_the_topic()
    {
        var parsed = ParseOk(
            """{"clientid":"plant/line 3","ts":1749551400126,"ipaddress":"10.0.0.9"}""",
            "$SYS/brokers/emqx@node-b/clients/plant/line 3/connected",
            EventSourceKind.Sys);

        Assert.Equal("plant/line 3", parsed.ClientId);
        Assert.Equal("emqx@node-b", parsed.Node);
        Assert.Equal(ConnectionEventKind.Connected, parsed.Kind);
        Assert.Equal(Ms(1749551400126), parsed.EventTime);
    }

    [Fact]
    public void Payload_node_wins_over_the_sys_topic()
    {
        var parsed = ParseOk(
            """{"clientid":"c1","node":"emqx@payload"}""", "$SYS/brokers/emqx@topic/clients/c1/disconnected", EventSourceKind.Sys);

        Assert.Equal("emqx@payload", parsed.Node);
    }

    [Fact]
    public void Gateway_sys_topic_gives_kind_and_node()
    {
        var parsed = ParseOk(
            """{"clientid":"stomp-1","reason":"normal"}""", "$SYS/brokers/emqx@gw/gateway/stomp/clients/stomp-1/disconnected", EventSourceKind.Sys);

        Assert.Equal(ConnectionEventKind.Disconnected, parsed.Kind);
        Assert.Equal("emqx@gw", parsed.Node);
    }

    [Fact]
    public void Node_is_not_taken_from_a_non_sys_topic()
    {
        Assert.Null(ParseOk(Connect + "\"x\":1}", "brokers/emqx@n1/clients/c1/connected").Node);
    }

    [Fact]
    public void Other_sys_topics_are_not_connection_events()
    {
        var failure = ParseFail(
            """{"clientid":"c1","topic":"a/b","ts":1749551400126}""", "$SYS/brokers/emqx@n1/clients/c1/subscribed", EventSourceKind.Sys);

        Assert.Equal("not a connect or disconnect event: $SYS topic ending in 'subscribed'", failure.Error);
    }

    [Theory]
    [InlineData("dashboard/client_connected", ConnectionEventKind.Connected)]
    [InlineData("dashboard/client_disconnected", ConnectionEventKind.Disconnected)]
    [InlineData("site/7/connected", ConnectionEventKind.Connected)]
    [InlineData("site/7/disconnected", ConnectionEventKind.Disconnected)]
    [InlineData("Events/Client_Disconnected", ConnectionEventKind.Disconnected)]
    [InlineData("$SYS/brokers/n/clients/c1/connected", ConnectionEventKind.Connected)]
    public void Kind_from_topic_when_the_payload_has_no_event(string topic, ConnectionEventKind kind)
    {
        // The fields alone would say "disconnect", so only the topic can produce Connected here.
        var parsed = ParseOk("""{"clientid":"c1","disconnected_at":1749555012345}""", topic);

        Assert.Equal(kind, parsed.Kind);
    }

    [Theory]
    [InlineData("client.connected", "dash/client_disconnected", ConnectionEventKind.Connected)]
    [InlineData("client.disconnected", "dash/client_connected", ConnectionEventKind.Disconnected)]
    public void Event_field_wins_over_the_topic(string eventName, string topic, ConnectionEventKind kind)
    {
        Assert.Equal(kind, ParseOk($$"""{"event":"{{eventName}}","clientid":"c1"}""", topic).Kind);
    }

    [Theory]
    [InlineData("\"reason\":\"kicked\"", ConnectionEventKind.Disconnected)]
    [InlineData("\"disconnected_at\":1749555012345,\"connected_at\":1749551400125", ConnectionEventKind.Disconnected)]
    [InlineData("\"connected_at\":1749551400125", ConnectionEventKind.Connected)]
    [InlineData("\"keepalive\":30", ConnectionEventKind.Connected)]
    [InlineData("\"clean_start\":false", ConnectionEventKind.Connected)]
    public void Kind_from_fields_when_neither_event_nor_topic_says(string fields, ConnectionEventKind kind)
    {
        Assert.Equal(kind, ParseOk($$"""{"clientid":"c1",{{fields}}}""", "dashboard/events").Kind);
    }

    [Fact]
    public void Kind_unknown_is_a_failure()
    {
        var failure = ParseFail("""{"clientid":"c1","username":"u","timestamp":1749555012345}""", "dashboard/events");

        Assert.StartsWith("cannot tell whether this is a connect or a disconnect", failure.Error);
    }

    [Theory]
    [InlineData("$SYS/brokers/n/clients/c1/connected", EventSourceKind.Mqtt)]
    [InlineData(null, EventSourceKind.Sys)]
    [InlineData(null, EventSourceKind.Mqtt)]
    public void Sys_expiry_is_milliseconds(string? topic, EventSourceKind source)
    {
        // The last case has no topic or source hint: ipaddress/ts without peername/timestamp is $SYS's shape.
        var parsed = ParseOk(
            """{"clientid":"c1","ipaddress":"10.0.0.1","ts":1749551400126,"connected_at":1749551400125,"expiry_interval":7200500}""",
            topic,
            source);

        Assert.Equal(7200, parsed.ExpiryIntervalSeconds);
    }

    [Theory]
    [InlineData("""{"clientid":"c1","peername":"10.0.0.1:5000","ts":1749551400126,"connected_at":1749551400125,"expiry_interval":7200}""")]
    [InlineData("""{"clientid":"c1","timestamp":1749551400126,"ipaddress":"10.0.0.1","connected_at":1749551400125,"expiry_interval":7200}""")]
    [InlineData("""{"clientid":"c1","connected_at":1749551400125,"expiry_interval":7200}""")]
    public void Rule_expiry_is_seconds(string json)
    {
        Assert.Equal(7200, ParseOk(json, "dash/client_connected").ExpiryIntervalSeconds);
    }

    [Theory]
    [InlineData("172.18.0.1:53122", "172.18.0.1", 53122)]
    [InlineData("2400:3200:1600::1234:50622", "2400:3200:1600::1234", 50622)]
    [InlineData("2001:DB8::A:1883", "2001:db8::a", 1883)]
    [InlineData("::ffff:10.0.0.5:1883", "10.0.0.5", 1883)]
    [InlineData("[2001:DB8::1]:8883", "2001:db8::1", 8883)]
    [InlineData("172.18.0.1", "172.18.0.1", null)]
    [InlineData("2400:3200:1600::1234", "2400:3200:1600::1234", null)]
    public void Peername_is_split_and_normalised(string peername, string ip, int? port)
    {
        var parsed = ParseOk(Connect + $"\"peername\":\"{peername}\"}}");

        Assert.Equal(ip, parsed.PeerIp);
        Assert.Equal(port, parsed.PeerPort);
    }

    [Theory]
    [InlineData("::FFFF:172.18.0.1", "172.18.0.1")]
    [InlineData("2400:3200:1600:0:0:0:0:1234", "2400:3200:1600::1234")]
    [InlineData("172.18.0.1", "172.18.0.1")]
    public void Sys_ipaddress_is_normalised_without_port(string ipaddress, string ip)
    {
        var parsed = ParseOk($$"""{"clientid":"c1","ipaddress":"{{ipaddress}}"}""", "$SYS/brokers/n/clients/c1/connected", EventSourceKind.Sys);

        Assert.Equal(ip, parsed.PeerIp);
        Assert.Null(parsed.PeerPort);
    }

    [Fact]
    public void Peername_wins_over_ipaddress()
    {
        var parsed = ParseOk(Connect + "\"ipaddress\":\"10.9.9.9\",\"peername\":\"10.0.0.1:5000\"}");

        Assert.Equal("10.0.0.1", parsed.PeerIp);
        Assert.Equal(5000, parsed.PeerPort);
    }

    [Fact]
    public void Missing_times_use_received_at_in_utc()
    {
        var receivedAt = new DateTimeOffset(2025, 6, 10, 14, 0, 0, TimeSpan.FromHours(2));

        var parsed = Ok(new EmqxEventParser().Parse("""{"event":"client.connected","clientid":"c1"}"""u8, null, EventSourceKind.Mqtt, receivedAt));

        Assert.False(parsed.EventTimeFromPayload);
        Assert.Equal(receivedAt, parsed.EventTime);
        Assert.Equal(TimeSpan.Zero, parsed.EventTime.Offset);
        Assert.Equal(TimeSpan.Zero, parsed.ReceivedAt.Offset);
        Assert.Null(parsed.ConnectedAt);
    }

    [Theory]
    [InlineData(Connect + "\"timestamp\":1749551401000,\"ts\":1749551402000,\"connected_at\":1749551403000,\"disconnected_at\":1749551404000}", 1749551403000)]
    [InlineData(Connect + "\"timestamp\":1749551401000,\"ts\":1749551402000,\"disconnected_at\":1749551404000}", 1749551401000)]
    [InlineData(Connect + "\"ts\":1749551402000}", 1749551402000)]
    [InlineData(Disconnect + "\"timestamp\":1749551401000,\"ts\":1749551402000,\"connected_at\":1749551403000,\"disconnected_at\":1749551404000}", 1749551404000)]
    [InlineData(Disconnect + "\"timestamp\":1749551401000,\"connected_at\":1749551403000}", 1749551401000)]
    [InlineData(Disconnect + "\"ts\":1749551402000,\"connected_at\":1749551403000}", 1749551402000)]
    public void Event_time_prefers_the_kinds_own_time(string json, long expectedMs)
    {
        var parsed = ParseOk(json);

        Assert.Equal(Ms(expectedMs), parsed.EventTime);
        Assert.True(parsed.EventTimeFromPayload);
    }

    [Theory]
    [InlineData("\"1749551400125\"", 1749551400125)]
    [InlineData("\"2025-06-10T12:30:00.125+02:00\"", 1749551400125)]
    [InlineData("\"2025-06-10T10:30:00.125Z\"", 1749551400125)]
    [InlineData("\"2025-06-10T10:30:00.125\"", 1749551400125)]
    [InlineData("1749551400125", 1749551400125)]
    public void Times_accept_numbers_numeric_strings_and_rfc3339(string json, long expectedMs)
    {
        var parsed = ParseOk(Connect + $"\"connected_at\":{json}}}");

        Assert.Equal(Ms(expectedMs), parsed.EventTime);
        Assert.Equal(Ms(expectedMs), parsed.ConnectedAt);
        Assert.Equal(TimeSpan.Zero, parsed.EventTime.Offset);
    }

    [Theory]
    [InlineData("\"false\"", false)]
    [InlineData("\"TRUE\"", true)]
    [InlineData("true", true)]
    public void Clean_start_accepts_booleans_and_boolean_strings(string json, bool expected)
    {
        Assert.Equal(expected, ParseOk(Connect + $"\"clean_start\":{json}}}").CleanStart);
    }

    [Fact]
    public void Unknown_and_nested_fields_are_ignored_and_fields_have_no_order()
    {
        var parsed = ParseOk(
            """{"conn_props":{"User-Property":{"clientid":"nested"},"x":[{"keepalive":"bad"}]},"reason":"weird_new_reason","metadata":{"rule_id":"r"},"client_attrs":{},"extra":[1,[2,{}]],"clientid":"outer","proto_ver":3,"proto_name":"MQIsdp"}""");

        Assert.Equal("outer", parsed.ClientId);
        Assert.Equal(ConnectionEventKind.Disconnected, parsed.Kind);
        Assert.Equal("weird_new_reason", parsed.Reason);
        Assert.Equal(3, parsed.ProtoVer);
        Assert.Equal("MQIsdp", parsed.ProtoName);
        Assert.Null(parsed.Keepalive);
    }

    [Fact]
    public void Utf8_bom_is_skipped()
    {
        Assert.Equal("c1", Ok(new EmqxEventParser().Parse([0xEF, 0xBB, 0xBF, .. "{\"clientid\":\"c1\",\"keepalive\":5}"u8], null, EventSourceKind.Mqtt, ReceivedAt)).ClientId);
    }

    [Fact]
    public void Node_string_is_reused_across_events()
    {
        var parser = new EmqxEventParser();
        var first = Ok(parser.Parse("""{"clientid":"a","keepalive":1,"node":"emqx@n1"}"""u8, null, EventSourceKind.Mqtt, ReceivedAt));
        var second = Ok(parser.Parse("""{"clientid":"b","keepalive":1,"node":"emqx@n1"}"""u8, null, EventSourceKind.Mqtt, ReceivedAt));
        var third = Ok(parser.Parse("""{"clientid":"c","keepalive":1,"node":"emqx@n2"}"""u8, null, EventSourceKind.Mqtt, ReceivedAt));

        Assert.Same(first.Node, second.Node);
        Assert.Equal("emqx@n2", third.Node);
    }
}
