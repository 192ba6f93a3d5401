using System.Buffers;
using System.Text.Json;
using Dashboard.Simulator.Events;

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
/// The embedded broker's client events, as full EMQX 5.8 payloads: the rule engine's <c>SELECT *</c>
/// row (for the republish topics) and the <c>$SYS</c> message. The columns are written by
/// <see cref="EmqxEventJson"/>, as the firehose's are; this adds the rest of a full row. The access
/// events (connack, authentication, authorization) are in <c>EmqxEventPayloads.Access.cs</c>.
/// </summary>
internal sealed partial class EmqxEventPayloads(string node, string brokerIp, int brokerPort)
{
    /// <summary>The ID of the rule the demo broker plays (the <c>metadata.rule_id</c> of every row).</summary>
    private const string RuleId = "demo_client_events";

    private readonly string _sockname = $"{brokerIp}:{brokerPort}";

    public byte[] RuleConnected(BrokerConnection c, long timestampMs) => Write(w =>
    {
        WriteRuleHead(w, c, connected: true, timestampMs);
        EmqxEventJson.WriteSession(w, c.Keepalive, c.CleanStart, c.ExpiryIntervalSeconds);
        w.WriteNumber("receive_maximum", 32);
        w.WriteBoolean("is_bridge", false);
        w.WriteString("mountpoint", EmqxEventJson.Undefined);
        WriteEmptyProperties(w, "conn_props");
    });

    public byte[] RuleDisconnected(BrokerConnection c, string reason, long disconnectedAtMs) => Write(w =>
    {
        WriteRuleHead(w, c, connected: false, disconnectedAtMs);
        EmqxEventJson.WriteEnding(w, reason, disconnectedAtMs);
        WriteEmptyProperties(w, "disconn_props");
    });

    public byte[] SysConnected(BrokerConnection c, long timestampMs) => Write(w =>
    {
        WriteSysHead(w, c, timestampMs);
        EmqxEventJson.WriteSession(w, c.Keepalive, c.CleanStart, c.ExpiryIntervalSeconds * 1000);
    });

    public byte[] SysDisconnected(BrokerConnection c, string reason, long disconnectedAtMs) => Write(w =>
    {
        WriteSysHead(w, c, disconnectedAtMs);
        EmqxEventJson.WriteEnding(w, reason, disconnectedAtMs);
    });

    public string SysTopic(string clientId, bool connected) => EmqxEventJson.SysTopic(node, clientId, connected);

    private void WriteRuleHead(Utf8JsonWriter w, BrokerConnection c, bool connected, long timestampMs)
    {
        EmqxEventJson.WriteRuleHead(
            w, connected, timestampMs, node, c.ClientId, c.Username ?? EmqxEventJson.Undefined, $"{c.PeerIp}:{c.PeerPort}", _sockname, c.ProtoVer, c.ConnectedAtMs);
        WriteMetadata(w);
    }

    private void WriteSysHead(Utf8JsonWriter w, BrokerConnection c, long timestampMs) =>
        EmqxEventJson.WriteSysHead(w, c.ClientId, c.Username ?? EmqxEventJson.Undefined, c.PeerIp, brokerPort, c.ProtoVer, c.ConnectedAtMs, timestampMs);

    /// <summary>The rule's metadata, after <c>client_attrs</c> (which every event but connack has).</summary>
    private static void WriteMetadata(Utf8JsonWriter w, bool clientAttrs = true)
    {
        if (clientAttrs)
        {
            w.WriteStartObject("client_attrs");
            w.WriteEndObject();
        }

        w.WriteStartObject("metadata");
        w.WriteString("rule_id", RuleId);
        w.WriteEndObject();
    }

    private static void WriteEmptyProperties(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject(name);
        w.WriteStartObject("User-Property");
        w.WriteEndObject();
        w.WriteEndObject();
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
