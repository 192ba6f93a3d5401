using System.Text;
using Dashboard.Core.Events;
using static Dashboard.Core.Tests.Parsing.ParserTestKit;

namespace Dashboard.Core.Tests.Parsing;

/// <summary>Every EMQX fixture, with every field the dashboard uses checked against its exact value.</summary>
public sealed class EmqxFixtureTests
{
    private const string Node = "emqx@172.18.0.2";
    private const string SysConnectedTopic = "$SYS/brokers/emqx@172.18.0.2/clients/sensor-0042/connected";
    private const string SysDisconnectedTopic = "$SYS/brokers/emqx@172.18.0.2/clients/sensor-0042/disconnected";

    /// <summary>Parses a fixture, checks that the raw payload is kept verbatim, and returns the rest to compare.</summary>
    private static ConnectionEvent ParseFixture(string name, string? topic, EventSourceKind source = EventSourceKind.Mqtt)
    {
        var parsed = new EmqxEventParser().Parse(Fixture(name), topic, source, ReceivedAt);
        Assert.Equal(Encoding.UTF8.GetString(Fixture(name)), parsed.Event?.RawJson);
        return Ok(parsed);
    }

    private static ParseFailure ParseFixtureFailure(string name, string? topic = null) =>
        Fail(new EmqxEventParser().Parse(Fixture(name), topic, EventSourceKind.Mqtt, ReceivedAt));

    // Record equality compares every property, so each expectation below pins all fields at once.
    private static ConnectionEvent Disconnect(string clientId, long disconnectedAt, long connectedAt) => new()
    {
        ClientId = clientId,
        Kind = ConnectionEventKind.Disconnected,
        EventTime = Ms(disconnectedAt),
        ConnectedAt = Ms(connectedAt),
        ReceivedAt = ReceivedAt,
        Source = EventSourceKind.Mqtt,
        Node = Node,
        ProtoName = "MQTT",
    };

    [Fact]
    public void Client_connected_select_star()
    {
        var expected = new ConnectionEvent
        {
            ClientId = "sensor-0042",
            Kind = ConnectionEventKind.Connected,
            EventTime = Ms(1749551400125),
            ConnectedAt = Ms(1749551400125),
            ReceivedAt = ReceivedAt,
            Source = EventSourceKind.Mqtt,
            Username = "sensor-user",
            PeerIp = "172.18.0.1",
            PeerPort = 53122,
            Node = Node,
            Keepalive = 60,
            CleanStart = true,
            ExpiryIntervalSeconds = 3600,
            ProtoVer = 5,
            ProtoName = "MQTT",
        };

        var actual = ParseFixture("client_connected.json", "dashboard/client_connected");

        Assert.Equal(expected, actual);
        Assert.True(actual.EventTimeFromPayload);
        Assert.Equal(TimeSpan.Zero, actual.EventTime.Offset);
    }

    [Fact]
    public void Client_disconnected_normal()
    {
        var expected = Disconnect("sensor-0042", 1749555012345, 1749551400125) with
        {
            Username = "sensor-user", PeerIp = "172.18.0.1", PeerPort = 53122, Reason = "normal", ProtoVer = 5,
        };

        Assert.Equal(expected, ParseFixture("client_disconnected_normal.json", "dashboard/client_disconnected"));
    }

    [Fact]
    public void Client_disconnected_takenover()
    {
        var expected = Disconnect("gw-line3-plc07", 1749553811020, 1749547800000) with
        {
            Username = "gateway", PeerIp = "10.20.5.17", PeerPort = 41230, Reason = "takenover", ProtoVer = 4,
        };

        Assert.Equal(expected, ParseFixture("client_disconnected_takenover.json", null));
    }

    [Fact]
    public void Client_disconnected_discarded()
    {
        var expected = Disconnect("mobile-app-7f3a9c", 1749553202978, 1749550200311) with
        {
            Username = "alice", PeerIp = "10.20.8.44", PeerPort = 60811, Reason = "discarded", ProtoVer = 5,
        };

        Assert.Equal(expected, ParseFixture("client_disconnected_discarded.json", null));
    }

    [Fact]
    public void Client_disconnected_keepalive_timeout_has_no_username()
    {
        var expected = Disconnect("thermo-basement-01", 1749554490118, 1749548911402) with
        {
            Username = null, PeerIp = "10.20.9.3", PeerPort = 49152, Reason = "keepalive_timeout", ProtoVer = 4,
        };

        Assert.Equal(expected, ParseFixture("client_disconnected_keepalive_timeout.json", null));
    }

    [Fact]
    public void Client_disconnected_ipv6_splits_at_last_colon()
    {
        var expected = Disconnect("edge-v6-0003", 1749554123456, 1749552000500) with
        {
            Username = "edge", PeerIp = "2400:3200:1600::1234", PeerPort = 50622, Reason = "tcp_closed", ProtoVer = 5,
        };

        Assert.Equal(expected, ParseFixture("client_disconnected_ipv6.json", null));
    }

    [Fact]
    public void Sys_connected_converts_expiry_ms_and_takes_node_from_topic()
    {
        var expected = new ConnectionEvent
        {
            ClientId = "sensor-0042",
            Kind = ConnectionEventKind.Connected,
            EventTime = Ms(1749551400125),
            ConnectedAt = Ms(1749551400125),
            ReceivedAt = ReceivedAt,
            Source = EventSourceKind.Sys,
            Username = "sensor-user",
            PeerIp = "172.18.0.1",
            PeerPort = null,
            Node = Node,
            Keepalive = 60,
            CleanStart = true,
            ExpiryIntervalSeconds = 3600,
            ProtoVer = 5,
            ProtoName = "MQTT",
        };

        Assert.Equal(expected, ParseFixture("sys_connected.json", SysConnectedTopic, EventSourceKind.Sys));
    }

    [Fact]
    public void Sys_disconnected()
    {
        var expected = new ConnectionEvent
        {
            ClientId = "sensor-0042",
            Kind = ConnectionEventKind.Disconnected,
            EventTime = Ms(1749555012345),
            ConnectedAt = Ms(1749551400125),
            ReceivedAt = ReceivedAt,
            Source = EventSourceKind.Sys,
            Username = "sensor-user",
            PeerIp = "172.18.0.1",
            Node = Node,
            Reason = "normal",
            ProtoVer = 5,
            ProtoName = "MQTT",
        };

        Assert.Equal(expected, ParseFixture("sys_disconnected.json", SysDisconnectedTopic, EventSourceKind.Sys));
    }

    [Fact]
    public void Same_connection_through_sys_and_rule_has_one_identity()
    {
        var sysConnect = ParseFixture("sys_connected.json", SysConnectedTopic, EventSourceKind.Sys);
        var ruleConnect = ParseFixture("client_connected.json", null);
        var sysDisconnect = ParseFixture("sys_disconnected.json", SysDisconnectedTopic, EventSourceKind.Sys);
        var ruleDisconnect = ParseFixture("client_disconnected_normal.json", null);

        Assert.Equal(ruleConnect.Identity, sysConnect.Identity);
        Assert.Equal(ruleDisconnect.Identity, sysDisconnect.Identity);
        Assert.NotEqual(sysConnect.Identity, sysDisconnect.Identity);
    }

    [Fact]
    public void Rule_select_subset_is_a_disconnect_from_its_fields()
    {
        var expected = new ConnectionEvent
        {
            ClientId = "sensor-0042",
            Kind = ConnectionEventKind.Disconnected,
            EventTime = Ms(1749555012345),
            ReceivedAt = ReceivedAt,
            Source = EventSourceKind.Webhook,
            Username = "sensor-user",
            Reason = "normal",
        };

        Assert.Equal(expected, ParseFixture("rule_select_subset.json", null, EventSourceKind.Webhook));
    }

    [Fact]
    public void Other_rule_events_are_failures()
    {
        // A rule event the dashboard does not read (session.subscribed), shaped like the connack fixture.
        var bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Fixture("client_connack_bad_credentials.json"))
            .Replace("\"client.connack\"", "\"session.subscribed\"", StringComparison.Ordinal));

        // The topic claims a connect; the payload's own event field must still win.
        var failure = Fail(new EmqxEventParser().Parse(bytes, "dashboard/client_connected", EventSourceKind.Mqtt, ReceivedAt));

        Assert.Equal("not a connect or disconnect event: 'session.subscribed'", failure.Error);
        Assert.Equal(Encoding.UTF8.GetString(bytes), failure.RawSample);
        Assert.Equal(bytes.Length, failure.PayloadBytes);
        Assert.Equal("dashboard/client_connected", failure.Topic);
        Assert.Equal(EventSourceKind.Mqtt, failure.Source);
        Assert.Equal(ReceivedAt, failure.ReceivedAt);
    }

    [Fact]
    public void Rest_clients_page_is_not_an_event()
    {
        var bytes = Fixture("api_clients_page.json");

        var failure = ParseFixtureFailure("api_clients_page.json");

        Assert.Equal("missing 'clientid'", failure.Error);
        Assert.Equal(513, failure.RawSample.Length);
        Assert.EndsWith("…", failure.RawSample);
        Assert.Equal(Encoding.UTF8.GetString(bytes)[..512], failure.RawSample[..512]);
        Assert.Equal(bytes.Length, failure.PayloadBytes);
    }
}
