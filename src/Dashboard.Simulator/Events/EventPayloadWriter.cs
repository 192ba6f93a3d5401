using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Dashboard.Simulator.Events;

/// <summary>
/// Writes one event as the JSON an EMQX 5.8 rule with <c>SELECT *</c> republishes: the columns of
/// shared/emqx/FACTS.md §1.2 that the dashboard reads (about 270 bytes), written by
/// <see cref="EmqxEventJson"/>. One reused buffer and writer, IDs and addresses formatted on the
/// stack: nothing per event but the bytes themselves. Not thread-safe: one writer per publishing loop.
/// </summary>
internal sealed class EventPayloadWriter : IDisposable
{
    private const string DeviceUser = "device";
    private const string ListenerAddress = "10.0.0.1:1883";

    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _json;
    private readonly EventStream _stream;
    private readonly string _clientIdPrefix;
    private readonly string _indexFormat;
    private readonly string _node;

    public EventPayloadWriter(EventStream stream, string clientIdPrefix, string node)
    {
        _stream = stream;
        _clientIdPrefix = clientIdPrefix;

        // Pad to the widest index so IDs sort and look alike: 1,000,000 clients give fh-000000 … fh-999999.
        int digits = Math.Max(4, (stream.Clients - 1).ToString(CultureInfo.InvariantCulture).Length);
        _indexFormat = "D" + digits.ToString(CultureInfo.InvariantCulture);
        _node = node;
        _json = new Utf8JsonWriter(_buffer);
    }

    public void Dispose() => _json.Dispose();

    /// <summary>The client ID of client <paramref name="client"/>, as the events spell it.</summary>
    public string ClientIdOf(int client) => new(FormatClientId(client, stackalloc char[64]));

    /// <summary>The JSON of <paramref name="e"/>; valid until the next call.</summary>
    public ReadOnlySpan<byte> Write(in SyntheticEvent e)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        uint trait = _stream.Trait(e.Client);
        int protoVer = trait % 3 == 0 ? 4 : 5;

        _json.WriteStartObject();
        EmqxEventJson.WriteRuleHead(
            _json, e.IsConnect, e.TimestampMs, _node, FormatClientId(e.Client, stackalloc char[64]), DeviceUser,
            FormatPeer(e.Client, e.PeerPort, stackalloc char[32]), ListenerAddress, protoVer, e.ConnectedAtMs);
        if (e.IsConnect)
        {
            bool cleanStart = (trait >> 8) % 4 != 0;

            // Seconds; a kept 3.x session shows EMQX's default mqtt.session_expiry_interval of 2 h.
            EmqxEventJson.WriteSession(_json, 30 + (int)((trait >> 4) % 31), cleanStart, cleanStart ? 0 : 7200);
        }
        else
        {
            EmqxEventJson.WriteEnding(_json, ReasonMix.Name(e.Reason), e.DisconnectedAtMs);
        }

        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenSpan;
    }

    private ReadOnlySpan<char> FormatClientId(int client, Span<char> target)
    {
        _clientIdPrefix.CopyTo(target);
        client.TryFormat(target[_clientIdPrefix.Length..], out int written, _indexFormat, CultureInfo.InvariantCulture);
        return target[..(_clientIdPrefix.Length + written)];
    }

    // Each client has its own address in 10.0.0.0/8, kept across sessions; the port changes per session.
    private static ReadOnlySpan<char> FormatPeer(int client, int port, Span<char> target)
    {
        target.TryWrite(CultureInfo.InvariantCulture, $"10.{(client >> 16) & 0xFF}.{(client >> 8) & 0xFF}.{client & 0xFF}:{port}", out int written);
        return target[..written];
    }
}
