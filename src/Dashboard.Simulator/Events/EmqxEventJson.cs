using System.Text.Json;

namespace Dashboard.Simulator.Events;

/// <summary>
/// The one place that knows how EMQX 5.8 writes client events (shared/emqx/FACTS.md): the columns of
/// the rule engine's <c>SELECT *</c> row and of the <c>$SYS</c> message, their names, order and
/// conventions. Absent values are the string "undefined", times are Unix ms, <c>expiry_interval</c>
/// is seconds in rule rows and milliseconds in <c>$SYS</c>. The firehose (<see cref="EventPayloadWriter"/>)
/// writes the columns the dashboard reads; the demo broker adds the rest of a full row. Values are
/// spans, so the firehose formats IDs and addresses on the stack and allocates nothing per event.
/// </summary>
public static class EmqxEventJson
{
    /// <summary>How EMQX writes a value it does not have (a username, a mountpoint).</summary>
    public const string Undefined = "undefined";

    private static readonly JsonEncodedText Event = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText NodeName = JsonEncodedText.Encode("node");
    private static readonly JsonEncodedText ClientId = JsonEncodedText.Encode("clientid");
    private static readonly JsonEncodedText Username = JsonEncodedText.Encode("username");
    private static readonly JsonEncodedText Peername = JsonEncodedText.Encode("peername");
    private static readonly JsonEncodedText Sockname = JsonEncodedText.Encode("sockname");
    private static readonly JsonEncodedText IpAddress = JsonEncodedText.Encode("ipaddress");
    private static readonly JsonEncodedText SockPort = JsonEncodedText.Encode("sockport");
    private static readonly JsonEncodedText Protocol = JsonEncodedText.Encode("protocol");
    private static readonly JsonEncodedText ProtoName = JsonEncodedText.Encode("proto_name");
    private static readonly JsonEncodedText ProtoVer = JsonEncodedText.Encode("proto_ver");
    private static readonly JsonEncodedText ConnectedAt = JsonEncodedText.Encode("connected_at");
    private static readonly JsonEncodedText DisconnectedAt = JsonEncodedText.Encode("disconnected_at");
    private static readonly JsonEncodedText Ts = JsonEncodedText.Encode("ts");
    private static readonly JsonEncodedText Keepalive = JsonEncodedText.Encode("keepalive");
    private static readonly JsonEncodedText CleanStart = JsonEncodedText.Encode("clean_start");
    private static readonly JsonEncodedText ExpiryInterval = JsonEncodedText.Encode("expiry_interval");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText ConnectedEvent = JsonEncodedText.Encode("client.connected");
    private static readonly JsonEncodedText DisconnectedEvent = JsonEncodedText.Encode("client.disconnected");
    private static readonly JsonEncodedText Mqtt = JsonEncodedText.Encode("MQTT");
    private static readonly JsonEncodedText MqIsdp = JsonEncodedText.Encode("MQIsdp");
    private static readonly JsonEncodedText LowerMqtt = JsonEncodedText.Encode("mqtt");

    /// <summary>
    /// A rule row's opening columns, common to both events: event, timestamp, node, clientid,
    /// username, peername ("ip:port"), sockname, proto_name, proto_ver, connected_at.
    /// </summary>
    public static void WriteRuleHead(
        Utf8JsonWriter w, bool connected, long timestampMs, ReadOnlySpan<char> node, ReadOnlySpan<char> clientId,
        ReadOnlySpan<char> username, ReadOnlySpan<char> peername, ReadOnlySpan<char> sockname, int protoVer, long connectedAtMs)
    {
        w.WriteString(Event, connected ? ConnectedEvent : DisconnectedEvent);
        w.WriteNumber(Timestamp, timestampMs);
        w.WriteString(NodeName, node);
        w.WriteString(ClientId, clientId);
        w.WriteString(Username, username);
        w.WriteString(Peername, peername);
        w.WriteString(Sockname, sockname);
        WriteProtocol(w, protoVer);
        w.WriteNumber(ConnectedAt, connectedAtMs);
    }

    /// <summary>A connect's session columns; <paramref name="expiryInterval"/> in the unit of the message (see the class).</summary>
    public static void WriteSession(Utf8JsonWriter w, int keepalive, bool cleanStart, long expiryInterval)
    {
        w.WriteNumber(Keepalive, keepalive);
        w.WriteBoolean(CleanStart, cleanStart);
        w.WriteNumber(ExpiryInterval, expiryInterval);
    }

    /// <summary>A disconnect's columns: reason (verbatim) and disconnected_at.</summary>
    public static void WriteEnding(Utf8JsonWriter w, ReadOnlySpan<char> reason, long disconnectedAtMs)
    {
        w.WriteString(Reason, reason);
        w.WriteNumber(DisconnectedAt, disconnectedAtMs);
    }

    /// <summary>
    /// A <c>$SYS</c> message's opening fields: clientid, username, ipaddress, sockport, protocol,
    /// proto_name, proto_ver, connected_at, ts.
    /// </summary>
    public static void WriteSysHead(
        Utf8JsonWriter w, ReadOnlySpan<char> clientId, ReadOnlySpan<char> username, ReadOnlySpan<char> peerIp, int brokerPort,
        int protoVer, long connectedAtMs, long timestampMs)
    {
        w.WriteString(ClientId, clientId);
        w.WriteString(Username, username);
        w.WriteString(IpAddress, peerIp);
        w.WriteNumber(SockPort, brokerPort);
        w.WriteString(Protocol, LowerMqtt);
        WriteProtocol(w, protoVer);
        w.WriteNumber(ConnectedAt, connectedAtMs);
        w.WriteNumber(Ts, timestampMs);
    }

    /// <summary>The topic EMQX publishes a client's <c>$SYS</c> event on.</summary>
    public static string SysTopic(string node, string clientId, bool connected) =>
        $"$SYS/brokers/{node}/clients/{clientId}/{(connected ? "connected" : "disconnected")}";

    // MQTT 3.1 calls itself MQIsdp; 3.1.1 and 5 call themselves MQTT.
    private static void WriteProtocol(Utf8JsonWriter w, int protoVer)
    {
        w.WriteString(ProtoName, protoVer == 3 ? MqIsdp : Mqtt);
        w.WriteNumber(ProtoVer, protoVer);
    }
}
