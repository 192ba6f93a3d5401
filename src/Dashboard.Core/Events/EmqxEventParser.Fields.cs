using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dashboard.Core.Events;

// The field-by-field half of the parser: one pass of Utf8JsonReader over the top-level object.
public sealed partial class EmqxEventParser
{
    private static readonly long MinUnixMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    // Largest integer a double holds exactly: the bound for lenient "60.0"-style numbers.
    private const long MaxExactDouble = 9_007_199_254_740_992;

    private enum Field
    {
        Unknown,
        Event,
        ClientId,
        Username,
        Peername,
        IpAddress,
        Node,
        Reason,
        ProtoName,
        ProtoVer,
        ConnectedAt,
        DisconnectedAt,
        Timestamp,
        Ts,
        Keepalive,
        CleanStart,
        ExpiryInterval,
        ReasonCode,
        IsSuperuser,
        IsAnonymous,
        Topic,
        Action,
        Result,
        AuthzSource,
        PeerHost,
    }

    private string? ReadObject(ref Utf8JsonReader reader, ref Fields f)
    {
        if (!reader.Read())
        {
            return "payload is empty";
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return $"payload is {TopLevelName(reader.TokenType)}, expected an object";
        }

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                // With a final block, Read throws on anything but whitespace after the top-level value.
                return reader.Read() ? "payload has more data after the JSON object" : null;
            }

            var field = Identify(ref reader);
            if (field == Field.Unknown && ContainsNul(ref reader))
            {
                return NulError(null);
            }

            reader.Read();
            string? error = ReadField(field, ref reader, ref f);
            if (error is not null)
            {
                return error;
            }
        }

        return "payload is not valid JSON: the object is not closed";
    }

    private string? ReadField(Field field, ref Utf8JsonReader r, ref Fields f) => field switch
    {
        Field.Event => ReadEvent(ref r, ref f),
        Field.ClientId => ReadClientId(ref r, MaxFieldLength, out f.ClientId),
        Field.Username => ReadString(ref r, "username", MaxFieldLength, out f.Username),
        Field.Peername => ReadString(ref r, "peername", MaxAddressLength, out f.Peername),
        Field.IpAddress => ReadString(ref r, "ipaddress", MaxAddressLength, out f.IpAddress),
        Field.Node => ReadNode(ref r, out f.Node),
        Field.Reason => ReadString(ref r, "reason", MaxFieldLength, out f.Reason),
        Field.ProtoName => ReadString(ref r, "proto_name", MaxProtoNameLength, out f.ProtoName),
        Field.ProtoVer => ReadInt(ref r, "proto_ver", 0, 255, out f.ProtoVer),
        Field.Keepalive => ReadInt(ref r, "keepalive", 0, 65535, out f.Keepalive),
        Field.ExpiryInterval => ReadLong(ref r, "expiry_interval", 0, MaxExactDouble, out f.ExpiryInterval),
        Field.ConnectedAt => ReadTime(ref r, "connected_at", out f.ConnectedAt),
        Field.DisconnectedAt => ReadTime(ref r, "disconnected_at", out f.DisconnectedAt),
        Field.Timestamp => ReadTime(ref r, "timestamp", out f.Timestamp),
        Field.Ts => ReadTime(ref r, "ts", out f.Ts),
        Field.CleanStart => ReadBool(ref r, "clean_start", out f.CleanStart),
        Field.ReasonCode => ReadString(ref r, "reason_code", MaxFieldLength, out f.ReasonCode),
        Field.IsSuperuser => ReadBool(ref r, "is_superuser", out f.IsSuperuser),
        Field.IsAnonymous => ReadBool(ref r, "is_anonymous", out f.IsAnonymous),
        Field.Topic => ReadString(ref r, "topic", MaxFieldLength, out f.Topic),
        Field.Action => ReadString(ref r, "action", MaxWordLength, out f.Action),
        Field.Result => ReadString(ref r, "result", MaxWordLength, out f.Result),
        Field.AuthzSource => ReadString(ref r, "authz_source", MaxWordLength, out f.AuthzSource),
        Field.PeerHost => ReadString(ref r, "peerhost", MaxAddressLength, out f.PeerHost),

        // conn_props, disconn_props, metadata, client_attrs and anything unknown.
        _ => SkipValue(ref r),
    };

    private static Field Identify(ref Utf8JsonReader r) =>
        r.ValueTextEquals("clientid"u8) ? Field.ClientId
        : r.ValueTextEquals("event"u8) ? Field.Event
        : r.ValueTextEquals("username"u8) ? Field.Username
        : r.ValueTextEquals("peername"u8) ? Field.Peername
        : r.ValueTextEquals("ipaddress"u8) ? Field.IpAddress
        : r.ValueTextEquals("node"u8) ? Field.Node
        : r.ValueTextEquals("reason"u8) ? Field.Reason
        : r.ValueTextEquals("connected_at"u8) ? Field.ConnectedAt
        : r.ValueTextEquals("disconnected_at"u8) ? Field.DisconnectedAt
        : r.ValueTextEquals("timestamp"u8) ? Field.Timestamp
        : r.ValueTextEquals("ts"u8) ? Field.Ts
        : r.ValueTextEquals("keepalive"u8) ? Field.Keepalive
        : r.ValueTextEquals("clean_start"u8) ? Field.CleanStart
        : r.ValueTextEquals("expiry_interval"u8) ? Field.ExpiryInterval
        : r.ValueTextEquals("proto_ver"u8) ? Field.ProtoVer
        : r.ValueTextEquals("proto_name"u8) ? Field.ProtoName
        : IdentifyAccessField(ref r);

    private static string? ReadEvent(ref Utf8JsonReader r, ref Fields f)
    {
        f.EventKind = null;
        f.AccessKind = null;
        f.OtherEvent = null;
        if (IsAbsent(ref r))
        {
            return null;
        }

        if (r.TokenType != JsonTokenType.String)
        {
            return WrongType("event", "a string", r.TokenType);
        }

        if (r.ValueTextEquals("client.connected"u8))
        {
            f.EventKind = ConnectionEventKind.Connected;
        }
        else if (r.ValueTextEquals("client.disconnected"u8))
        {
            f.EventKind = ConnectionEventKind.Disconnected;
        }
        else if (AccessKindFromEvent(ref r) is { } access)
        {
            f.AccessKind = access;
        }
        else
        {
            string? error = TakeString(ref r, "event", MaxOtherLength, out string? other);
            f.OtherEvent = other is null ? null : Clip(other);
            return error;
        }

        return null;
    }

    private static string? ReadInt(ref Utf8JsonReader r, string name, int min, int max, out int? value)
    {
        string? error = ReadLong(ref r, name, min, max, out long? wide);
        value = (int?)wide;
        return error;
    }

    private static string? ReadLong(ref Utf8JsonReader r, string name, long min, long max, out long? value)
    {
        value = null;
        if (IsAbsent(ref r))
        {
            return null;
        }

        if (r.TokenType != JsonTokenType.Number)
        {
            return WrongType(name, "a number", r.TokenType);
        }

        string? error = ReadWhole(ref r, name, min, max, out long whole);
        if (error is null)
        {
            value = whole;
        }

        return error;
    }

    private static string? ReadTime(ref Utf8JsonReader r, string name, out DateTimeOffset? value)
    {
        value = null;
        if (IsAbsent(ref r))
        {
            return null;
        }

        string? error;
        long ms;
        if (r.TokenType == JsonTokenType.Number)
        {
            error = ReadWhole(ref r, name, MinUnixMs, MaxUnixMs, out ms);
        }
        else if (r.TokenType == JsonTokenType.String)
        {
            // EMQX sends integers; the REST API and hand-made webhooks send RFC 3339 or numeric strings.
            error = TakeString(ref r, name, MaxOtherLength, out string? text);
            if (error is not null || text is null)
            {
                return error;
            }

            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ms))
            {
                error = ms < MinUnixMs || ms > MaxUnixMs ? OutOfRange(name, Clip(text)) : null;
            }
            else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                if (parsed < EarliestEventTime)
                {
                    return TooEarly(name, Clip(text));
                }

                value = parsed.ToUniversalTime();
                return null;
            }
            else
            {
                return $"field '{name}' must be ms since epoch or an RFC 3339 time, got \"{Clip(text)}\"";
            }
        }
        else
        {
            return WrongType(name, "a number", r.TokenType);
        }

        if (error is null && ms < EarliestEventMs)
        {
            error = TooEarly(name, ms.ToString(CultureInfo.InvariantCulture));
        }

        if (error is null)
        {
            value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        return error;
    }

    private static string TooEarly(string name, string text) => $"field '{name}' is before 2000-01-01: {text}";

    private static string? ReadBool(ref Utf8JsonReader r, string name, out bool? value)
    {
        value = null;
        switch (r.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return null;
            case JsonTokenType.False:
                value = false;
                return null;
            case JsonTokenType.String when IsAbsent(ref r):
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                string? error = TakeString(ref r, name, MaxOtherLength, out string? text);
                if (error is not null || text is null)
                {
                    return error;
                }

                if (bool.TryParse(text, out bool parsed))
                {
                    value = parsed;
                    return null;
                }

                return $"field '{name}' must be a boolean, got \"{Clip(text)}\"";
            default:
                return WrongType(name, "a boolean", r.TokenType);
        }
    }

    private static string? ReadWhole(ref Utf8JsonReader r, string name, long min, long max, out long value)
    {
        if (!r.TryGetInt64(out value))
        {
            // Not a plain integer: accept "60.0" or "6e1", reject fractions and magnitudes beyond range.
            if (!r.TryGetDouble(out double d) || !double.IsFinite(d) || d < min || d > max)
            {
                return OutOfRange(name, NumberText(ref r));
            }

            if (Math.Truncate(d) != d)
            {
                return $"field '{name}' must be a whole number, got {NumberText(ref r)}";
            }

            value = (long)d;
        }

        return value < min || value > max ? OutOfRange(name, NumberText(ref r)) : null;
    }

    // EMQX writes a missing value as the string "undefined"; JSON null means the same.
    private static bool IsAbsent(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.Null || (r.TokenType == JsonTokenType.String && r.ValueTextEquals("undefined"u8));

    private static string NumberText(ref Utf8JsonReader r) =>
        Clip(Encoding.UTF8.GetString(r.HasValueSequence ? r.ValueSequence.ToArray() : r.ValueSpan));

    private static string OutOfRange(string name, string text) => $"field '{name}' is out of range: {text}";

    private static string WrongType(string name, string expected, JsonTokenType actual) =>
        $"field '{name}' must be {expected}, got {TokenName(actual)}";

    private static string TokenName(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        _ => token.ToString(),
    };

    private static string TopLevelName(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "a JSON array",
        JsonTokenType.String => "a JSON string",
        JsonTokenType.Number => "a JSON number",
        JsonTokenType.True or JsonTokenType.False => "a JSON boolean",
        JsonTokenType.Null => "JSON null",
        _ => token.ToString(),
    };

    /// <summary>What one pass over the object found; a later duplicate key overwrites an earlier one.</summary>
    private struct Fields
    {
        public ConnectionEventKind? EventKind;
        public AccessEventKind? AccessKind;
        public string? OtherEvent;
        public string? ClientId;
        public string? Username;
        public string? Peername;
        public string? IpAddress;
        public string? Node;
        public string? Reason;
        public string? ProtoName;
        public int? ProtoVer;
        public int? Keepalive;
        public long? ExpiryInterval;
        public bool? CleanStart;
        public DateTimeOffset? ConnectedAt;
        public DateTimeOffset? DisconnectedAt;
        public DateTimeOffset? Timestamp;
        public DateTimeOffset? Ts;
        public string? ReasonCode;
        public bool? IsSuperuser;
        public bool? IsAnonymous;
        public string? Topic;
        public string? Action;
        public string? Result;
        public string? AuthzSource;
        public string? PeerHost;
    }
}
