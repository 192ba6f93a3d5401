using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Dashboard.Simulator.Events;

/// <summary>
/// Writes one event as the JSON an EMQX 5.8 rule with <c>SELECT *</c> republishes (the columns of
/// shared/emqx/FACTS.md §1.2 that the dashboard reads; about 270 bytes). One reused buffer and writer,
/// IDs and addresses formatted straight into UTF-8: nothing per event but the bytes themselves.
/// Not thread-safe: one writer per publishing loop.
/// </summary>
internal sealed class EventPayloadWriter
{
    private static readonly JsonEncodedText Event = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText NodeName = JsonEncodedText.Encode("node");
    private static readonly JsonEncodedText ClientId = JsonEncodedText.Encode("clientid");
    private static readonly JsonEncodedText Username = JsonEncodedText.Encode("username");
    private static readonly JsonEncodedText Peername = JsonEncodedText.Encode("peername");
    private static readonly JsonEncodedText Sockname = JsonEncodedText.Encode("sockname");
    private static readonly JsonEncodedText ProtoName = JsonEncodedText.Encode("proto_name");
    private static readonly JsonEncodedText ProtoVer = JsonEncodedText.Encode("proto_ver");
    private static readonly JsonEncodedText ConnectedAt = JsonEncodedText.Encode("connected_at");
    private static readonly JsonEncodedText DisconnectedAt = JsonEncodedText.Encode("disconnected_at");
    private static readonly JsonEncodedText Keepalive = JsonEncodedText.Encode("keepalive");
    private static readonly JsonEncodedText CleanStart = JsonEncodedText.Encode("clean_start");
    private static readonly JsonEncodedText ExpiryInterval = JsonEncodedText.Encode("expiry_interval");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText ConnectedEvent = JsonEncodedText.Encode("client.connected");
    private static readonly JsonEncodedText DisconnectedEvent = JsonEncodedText.Encode("client.disconnected");
    private static readonly JsonEncodedText Mqtt = JsonEncodedText.Encode("MQTT");
    private static readonly JsonEncodedText DeviceUser = JsonEncodedText.Encode("device");
    private static readonly JsonEncodedText ListenerAddress = JsonEncodedText.Encode("10.0.0.1:1883");
    private static readonly JsonEncodedText[] Reasons =
        [.. Enumerable.Range(0, ReasonMix.Count).Select(i => JsonEncodedText.Encode(ReasonMix.Name(i)))];

    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _json;
    private readonly EventStream _stream;
    private readonly byte[] _clientIdPrefix;
    private readonly string _indexFormat;
    private readonly JsonEncodedText _node;

    public EventPayloadWriter(EventStream stream, string clientIdPrefix, string node)
    {
        _stream = stream;
        _clientIdPrefix = Encoding.UTF8.GetBytes(clientIdPrefix);

        // Pad to the widest index so IDs sort and look alike: 1,000,000 clients give fh-000000 … fh-999999.
        int digits = Math.Max(4, (stream.Clients - 1).ToString(CultureInfo.InvariantCulture).Length);
        _indexFormat = "D" + digits.ToString(CultureInfo.InvariantCulture);
        _node = JsonEncodedText.Encode(node);
        _json = new Utf8JsonWriter(_buffer);
    }

    /// <summary>The client ID of client <paramref name="client"/>, as the events spell it.</summary>
    public string ClientIdOf(int client) => Encoding.UTF8.GetString(FormatClientId(client, stackalloc byte[64]));

    /// <summary>The JSON of <paramref name="e"/>; valid until the next call.</summary>
    public ReadOnlySpan<byte> Write(in SyntheticEvent e)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        uint trait = _stream.Trait(e.Client);
        int protoVer = trait % 3 == 0 ? 4 : 5;

        _json.WriteStartObject();
        _json.WriteString(Event, e.IsConnect ? ConnectedEvent : DisconnectedEvent);
        _json.WriteNumber(Timestamp, e.TimestampMs);
        _json.WriteString(NodeName, _node);
        _json.WriteString(ClientId, FormatClientId(e.Client, stackalloc byte[64]));
        _json.WriteString(Username, DeviceUser);
        _json.WriteString(Peername, FormatPeer(e.Client, e.PeerPort, stackalloc byte[32]));
        _json.WriteString(Sockname, ListenerAddress);
        _json.WriteString(ProtoName, Mqtt);
        _json.WriteNumber(ProtoVer, protoVer);
        if (e.IsConnect)
        {
            bool cleanStart = (trait >> 8) % 4 != 0;
            _json.WriteNumber(ConnectedAt, e.ConnectedAtMs);
            _json.WriteNumber(Keepalive, 30 + (int)((trait >> 4) % 31));
            _json.WriteBoolean(CleanStart, cleanStart);

            // Seconds; a kept 3.x session shows EMQX's default mqtt.session_expiry_interval of 2 h.
            _json.WriteNumber(ExpiryInterval, cleanStart ? 0 : 7200);
        }
        else
        {
            _json.WriteString(Reason, Reasons[e.Reason]);
            _json.WriteNumber(DisconnectedAt, e.DisconnectedAtMs);
            _json.WriteNumber(ConnectedAt, e.ConnectedAtMs);
        }

        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenSpan;
    }

    private ReadOnlySpan<byte> FormatClientId(int client, Span<byte> target)
    {
        _clientIdPrefix.CopyTo(target);
        client.TryFormat(target[_clientIdPrefix.Length..], out int written, _indexFormat, CultureInfo.InvariantCulture);
        return target[..(_clientIdPrefix.Length + written)];
    }

    // Each client has its own address in 10.0.0.0/8, kept across sessions; the port changes per session.
    private static ReadOnlySpan<byte> FormatPeer(int client, int port, Span<byte> target)
    {
        Utf8.TryWrite(target, CultureInfo.InvariantCulture, $"10.{(client >> 16) & 0xFF}.{(client >> 8) & 0xFF}.{client & 0xFF}:{port}", out int written);
        return target[..written];
    }
}
