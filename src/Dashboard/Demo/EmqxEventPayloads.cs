using System.Buffers;
using System.Text.Json;

namespace Dashboard.Demo;

/// <summary>What the embedded broker knows of one connection, enough to write EMQX's event columns.</summary>
internal sealed record BrokerConnection(
    string ClientId,
    string? Username,
    string PeerIp,
    int PeerPort,
    long ConnectedAtMs,
    int Keepalive,
    bool CleanStart,
    long ExpiryIntervalSeconds,
    int ProtoVer);

/// <summary>
/// Writes client events as EMQX 5.8 does: the rule engine's <c>SELECT *</c> row (for the republish
/// topics) and the <c>$SYS</c> message. Absent values are the string "undefined", times are Unix ms,
/// <c>expiry_interval</c> is seconds in rule rows and milliseconds in <c>$SYS</c>.
/// </summary>
internal sealed class EmqxEventPayloads(string node, string brokerIp, int brokerPort)
{
    private readonly string _sockname = $"{brokerIp}:{brokerPort}";

    public byte[] RuleConnected(BrokerConnection c, long timestampMs) => Write(w =>
    {
        WriteCommon(w, c, "client.connected", timestampMs);
        w.WriteNumber("keepalive", c.Keepalive);
        w.WriteBoolean("clean_start", c.CleanStart);
        w.WriteNumber("expiry_interval", c.ExpiryIntervalSeconds);
        w.WriteNumber("receive_maximum", 32);
        w.WriteBoolean("is_bridge", false);
        w.WriteString("mountpoint", "undefined");
        w.WriteStartObject("conn_props");
        w.WriteStartObject("User-Property");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public byte[] RuleDisconnected(BrokerConnection c, string reason, long disconnectedAtMs) => Write(w =>
    {
        WriteCommon(w, c, "client.disconnected", disconnectedAtMs);
        w.WriteString("reason", reason);
        w.WriteNumber("disconnected_at", disconnectedAtMs);
        w.WriteStartObject("disconn_props");
        w.WriteStartObject("User-Property");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public byte[] SysConnected(BrokerConnection c, long timestampMs) => Write(w =>
    {
        WriteSysCommon(w, c, timestampMs);
        w.WriteNumber("keepalive", c.Keepalive);
        w.WriteBoolean("clean_start", c.CleanStart);
        w.WriteNumber("expiry_interval", c.ExpiryIntervalSeconds * 1000);
    });

    public byte[] SysDisconnected(BrokerConnection c, string reason, long disconnectedAtMs) => Write(w =>
    {
        WriteSysCommon(w, c, disconnectedAtMs);
        w.WriteString("reason", reason);
        w.WriteNumber("disconnected_at", disconnectedAtMs);
    });

    public string SysTopic(string clientId, bool connected) =>
        $"$SYS/brokers/{node}/clients/{clientId}/{(connected ? "connected" : "disconnected")}";

    private void WriteCommon(Utf8JsonWriter w, BrokerConnection c, string eventName, long timestampMs)
    {
        w.WriteString("event", eventName);
        w.WriteNumber("timestamp", timestampMs);
        w.WriteString("node", node);
        w.WriteString("clientid", c.ClientId);
        w.WriteString("username", c.Username ?? "undefined");
        w.WriteString("peername", $"{c.PeerIp}:{c.PeerPort}");
        w.WriteString("sockname", _sockname);
        w.WriteString("proto_name", c.ProtoVer == 3 ? "MQIsdp" : "MQTT");
        w.WriteNumber("proto_ver", c.ProtoVer);
        w.WriteNumber("connected_at", c.ConnectedAtMs);
        w.WriteStartObject("client_attrs");
        w.WriteEndObject();
        w.WriteStartObject("metadata");
        w.WriteString("rule_id", "demo_client_events");
        w.WriteEndObject();
    }

    private void WriteSysCommon(Utf8JsonWriter w, BrokerConnection c, long timestampMs)
    {
        w.WriteString("clientid", c.ClientId);
        w.WriteString("username", c.Username ?? "undefined");
        w.WriteString("ipaddress", c.PeerIp);
        w.WriteNumber("sockport", brokerPort);
        w.WriteString("protocol", "mqtt");
        w.WriteString("proto_name", c.ProtoVer == 3 ? "MQIsdp" : "MQTT");
        w.WriteNumber("proto_ver", c.ProtoVer);
        w.WriteNumber("connected_at", c.ConnectedAtMs);
        w.WriteNumber("ts", timestampMs);
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
