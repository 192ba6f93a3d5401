using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Dashboard.Core.Events;

/// <summary>
/// Turns one EMQX payload into a <see cref="ConnectionEvent"/>: a rule-engine
/// <c>client.connected</c>/<c>client.disconnected</c> event (republished or posted by the HTTP action,
/// with <c>SELECT *</c> or any subset of columns) or a <c>$SYS/brokers/&lt;node&gt;/clients/&lt;id&gt;/…</c> message;
/// or into an <see cref="AccessEvent"/>: <c>client.connack</c>, <c>client.check_authn_complete</c> or
/// <c>client.check_authz_complete</c> (EmqxEventParser.Access.cs).
/// Never throws for any payload: every problem becomes a <see cref="ParseFailure"/>. Safe to share between threads.
/// </summary>
public sealed partial class EmqxEventParser
{
    private const int RawSampleMaxChars = 512;

    // Every UTF-16 char costs at most 3 UTF-8 bytes (an invalid byte becomes one U+FFFD),
    // so decoding this many bytes always yields more than RawSampleMaxChars when there is more.
    private const int RawSampleMaxBytes = (RawSampleMaxChars * 3) + 4;

    private const string SysPrefix = "$SYS/";
    private const string SysBrokersPrefix = "$SYS/brokers/";

    // 2000-01-01T00:00:00Z. A constant, because static fields in partial files initialise in no set order.
    private const long EarliestEventMs = 946_684_800_000;

    /// <summary>The earliest event time accepted: anything before is a broken clock or a forged event.</summary>
    public static readonly DateTimeOffset EarliestEventTime = DateTimeOffset.FromUnixTimeMilliseconds(EarliestEventMs);

    public EmqxEventParser(int maxPayloadBytes = 65536, int maxFieldLength = 1024, TimeSpan? maxClockSkew = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFieldLength, 1);
        MaxPayloadBytes = maxPayloadBytes;
        MaxFieldLength = maxFieldLength;
        MaxClockSkew = maxClockSkew ?? TimeSpan.FromMinutes(5);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxClockSkew, TimeSpan.Zero);
    }

    /// <summary>Payloads longer than this are rejected without being parsed.</summary>
    public int MaxPayloadBytes { get; }

    /// <summary>The longest client ID, username, reason or node name (in UTF-16 chars) an event may carry.</summary>
    public int MaxFieldLength { get; }

    /// <summary>How far after its receive time an event time may be before it is clamped to the receive time.</summary>
    public TimeSpan MaxClockSkew { get; }

    public ParseResult Parse(ReadOnlySpan<byte> payload, string? topic, EventSourceKind source, DateTimeOffset receivedAt)
    {
        receivedAt = receivedAt.ToUniversalTime();
        string? error;
        if (payload.Length > MaxPayloadBytes)
        {
            error = TooLarge(payload.Length);
        }
        else if (payload.IsEmpty)
        {
            error = "payload is empty";
        }
        else
        {
            var reader = new Utf8JsonReader(SkipBom(payload));
            var parsed = ParseReader(ref reader, topic, source, receivedAt, out error, out bool invalidJson);
            if (parsed.IsSuccess)
            {
                return WithRawJson(parsed, Encoding.UTF8.GetString(payload));
            }

            if (invalidJson)
            {
                error = DescribeInvalidJson(payload, error!);
            }
        }

        return ParseResult.Failed(new ParseFailure(error!, RawSample(payload), topic, source, receivedAt, payload.Length));
    }

    public ParseResult Parse(ReadOnlySequence<byte> payload, string? topic, EventSourceKind source, DateTimeOffset receivedAt)
    {
        if (payload.IsSingleSegment)
        {
            return Parse(payload.FirstSpan, topic, source, receivedAt);
        }

        receivedAt = receivedAt.ToUniversalTime();
        int payloadBytes = (int)Math.Min(payload.Length, int.MaxValue);
        if (payload.Length > MaxPayloadBytes)
        {
            var head = payload.Slice(0, Math.Min(payload.Length, RawSampleMaxBytes + 1)).ToArray();
            return ParseResult.Failed(new ParseFailure(TooLarge(payload.Length), RawSample(head), topic, source, receivedAt, payloadBytes));
        }

        var reader = new Utf8JsonReader(SkipBom(payload));
        var parsed = ParseReader(ref reader, topic, source, receivedAt, out string? error, out bool invalidJson);
        if (parsed.IsSuccess)
        {
            return WithRawJson(parsed, Encoding.UTF8.GetString(payload));
        }

        // Failure path only, and bounded by the size cap: one contiguous copy keeps the diagnostics simple.
        var bytes = payload.ToArray();
        if (invalidJson)
        {
            error = DescribeInvalidJson(bytes, error!);
        }

        return ParseResult.Failed(new ParseFailure(error!, RawSample(bytes), topic, source, receivedAt, payloadBytes));
    }

    private static ParseResult WithRawJson(ParseResult parsed, string rawJson) => parsed.Access is { } access
        ? ParseResult.Success(access with { RawJson = rawJson })
        : ParseResult.Success(parsed.Event! with { RawJson = rawJson });

    /// <summary>A success, or default (neither event nor failure) with <paramref name="error"/> set.</summary>
    private ParseResult ParseReader(
        ref Utf8JsonReader reader,
        string? topic,
        EventSourceKind source,
        DateTimeOffset receivedAt,
        out string? error,
        out bool invalidJson)
    {
        invalidJson = false;
        var fields = default(Fields);
        try
        {
            error = ReadObject(ref reader, ref fields);
            return error is null ? Build(in fields, topic, source, receivedAt, out error) : default;
        }
        catch (JsonException ex)
        {
            invalidJson = true;
            error = "payload is not valid JSON: " + ex.Message;
            return default;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Ingestion must survive any payload; an unforeseen reader exception is one more failure to show.
            error = $"payload could not be read: {ex.Message}";
            return default;
        }
    }

    private ParseResult Build(in Fields f, string? topic, EventSourceKind source, DateTimeOffset receivedAt, out string? error)
    {
        error = null;
        bool sysTopic = topic is not null && topic.StartsWith(SysPrefix, StringComparison.Ordinal);

        // The payload's own event field wins over the topic, and the topic over the fields.
        ConnectionEventKind? kind = f.EventKind;
        AccessEventKind? access = f.AccessKind;
        if (kind is null && access is null && f.OtherEvent is not null)
        {
            error = $"not a connect or disconnect event: '{f.OtherEvent}'";
            return default;
        }

        if (kind is null && access is null && !string.IsNullOrEmpty(topic))
        {
            access = AccessKindFromTopic(topic);
            kind = access is null ? KindFromTopic(topic, sysTopic, out error) : null;
            if (error is not null)
            {
                return default;
            }
        }

        if (f.ClientId is null)
        {
            error = "missing 'clientid'";
            return default;
        }

        if (f.ClientId.Length == 0)
        {
            error = "field 'clientid' is empty";
            return default;
        }

        access ??= kind is null ? AccessKindFromFields(in f) : null;
        if (access is not null)
        {
            var accessEvent = BuildAccess(in f, access.Value, source, receivedAt, out error);
            return accessEvent is null ? default : ParseResult.Success(accessEvent);
        }

        var connectionEvent = BuildConnection(in f, kind, topic, sysTopic, source, receivedAt, out error);
        return connectionEvent is null ? default : ParseResult.Success(connectionEvent);
    }

    private ConnectionEvent? BuildConnection(
        in Fields f, ConnectionEventKind? kind, string? topic, bool sysTopic, EventSourceKind source, DateTimeOffset receivedAt, out string? error)
    {
        error = null;
        kind ??= KindFromFields(in f);
        if (kind is null)
        {
            error = "cannot tell whether this is a connect or a disconnect: no 'event' field, the topic does not say, and no connect or disconnect fields";
            return null;
        }

        // $SYS reports expiry_interval in milliseconds, rule events in seconds. Rule events always
        // carry peername/timestamp unless a column subset drops them; $SYS never does.
        bool sysFormat = sysTopic
            || source == EventSourceKind.Sys
            || ((f.IpAddress is not null || f.Ts is not null) && f.Peername is null && f.Timestamp is null);

        var (ip, port) = PeerOf(in f);
        var ownTime = kind == ConnectionEventKind.Connected ? f.ConnectedAt : f.DisconnectedAt;
        bool clamped = false;
        var eventTime = ClampToReceipt(ownTime ?? f.Timestamp ?? f.Ts, receivedAt, ref clamped);

        return new ConnectionEvent
        {
            ClientId = f.ClientId!,
            Kind = kind.Value,
            EventTime = eventTime ?? receivedAt,
            EventTimeFromPayload = eventTime is not null,
            ConnectedAt = ClampToReceipt(f.ConnectedAt, receivedAt, ref clamped),
            TimeClamped = clamped,
            ReceivedAt = receivedAt,
            Source = source,
            Username = f.Username,
            PeerIp = ip,
            PeerPort = port,
            Node = f.Node ?? (sysTopic ? NodeFromTopic(topic!) : null),
            Reason = f.Reason,
            Keepalive = f.Keepalive,
            CleanStart = f.CleanStart,
            ExpiryIntervalSeconds = sysFormat ? f.ExpiryInterval / 1000 : f.ExpiryInterval,
            ProtoVer = f.ProtoVer,
            ProtoName = f.ProtoName,
        };
    }

    /// <summary>The client's address: <c>peername</c> (ip:port), else <c>$SYS</c>'s <c>ipaddress</c> or authorization's <c>peerhost</c>.</summary>
    private static (string? Ip, int? Port) PeerOf(in Fields f)
    {
        if (f.Peername is not null && PeerAddress.TrySplit(f.Peername, out var ip, out var port))
        {
            return (ip, port);
        }

        var host = f.IpAddress ?? f.PeerHost;
        return (host is null ? null : PeerAddress.NormaliseIp(host), null);
    }

    /// <summary>
    /// A time too far ahead of the receive time becomes the receive time: a broker clock that far
    /// off (or a forged year-9999 event) would otherwise make every later real event look stale.
    /// </summary>
    private DateTimeOffset? ClampToReceipt(DateTimeOffset? time, DateTimeOffset receivedAt, ref bool clamped)
    {
        if (time is { } t && t - receivedAt > MaxClockSkew)
        {
            clamped = true;
            return receivedAt;
        }

        return time;
    }

    private static ConnectionEventKind? KindFromTopic(string topic, bool sysTopic, out string? error)
    {
        error = null;
        var last = topic.AsSpan(topic.LastIndexOf('/') + 1);
        if (last.SequenceEqual("connected"))
        {
            return ConnectionEventKind.Connected;
        }

        if (last.SequenceEqual("disconnected"))
        {
            return ConnectionEventKind.Disconnected;
        }

        if (sysTopic)
        {
            // Other $SYS messages (subscribed, stats, uptime...) are never connection events.
            error = $"not a connect or disconnect event: $SYS topic ending in '{Clip(last.ToString())}'";
            return null;
        }

        // Republish topics are free text, e.g. the usual "client_disconnected"; test "disconnected" first
        // because it contains "connected".
        if (last.Contains("disconnected", StringComparison.OrdinalIgnoreCase))
        {
            return ConnectionEventKind.Disconnected;
        }

        return last.Contains("connected", StringComparison.OrdinalIgnoreCase) ? ConnectionEventKind.Connected : null;
    }

    private static ConnectionEventKind? KindFromFields(in Fields f)
    {
        // Disconnects from 5.8.6 on also carry connected_at, so the disconnect-only columns win.
        if (f.Reason is not null || f.DisconnectedAt is not null)
        {
            return ConnectionEventKind.Disconnected;
        }

        if (f.ConnectedAt is not null || f.Keepalive is not null || f.CleanStart is not null)
        {
            return ConnectionEventKind.Connected;
        }

        return null;
    }

    private static string? NodeFromTopic(string topic)
    {
        if (!topic.StartsWith(SysBrokersPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = topic.AsSpan(SysBrokersPrefix.Length);
        int slash = rest.IndexOf('/');
        return slash > 0 ? rest[..slash].ToString() : null;
    }

    private static ReadOnlySpan<byte> SkipBom(ReadOnlySpan<byte> payload) =>
        payload.StartsWith("\uFEFF"u8) ? payload[3..] : payload;

    private static ReadOnlySequence<byte> SkipBom(ReadOnlySequence<byte> payload)
    {
        if (payload.Length < 3)
        {
            return payload;
        }

        Span<byte> head = stackalloc byte[3];
        payload.Slice(0, 3).CopyTo(head);
        return head.SequenceEqual("\uFEFF"u8) ? payload.Slice(3) : payload;
    }

    private string TooLarge(long length) => $"payload is {length} bytes, over the {MaxPayloadBytes}-byte limit";

    private static string DescribeInvalidJson(ReadOnlySpan<byte> payload, string error)
    {
        var trimmed = payload.Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return "payload is empty (whitespace only)";
        }

        // What EMQX's republish action sends when its payload template is left at the default "${payload}".
        if (trimmed.SequenceEqual("undefined"u8))
        {
            return "payload is the text 'undefined', not JSON: set the republish action's payload template to ${.}";
        }

        return error;
    }

    /// <summary>The payload as text for diagnostics: invalid UTF-8 replaced, cut to 512 chars plus "…".</summary>
    internal static string RawSample(ReadOnlySpan<byte> payload)
    {
        var head = payload.Length > RawSampleMaxBytes ? payload[..RawSampleMaxBytes] : payload;
        string text = Encoding.UTF8.GetString(head);
        if (text.Length <= RawSampleMaxChars && head.Length == payload.Length)
        {
            return text;
        }

        int cut = Math.Min(RawSampleMaxChars, text.Length);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    private static string Clip(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");
}
