using System.Text;
using System.Text.Json;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Events;

// The string half of the field reader: what a kept string may be (valid UTF-8, bounded, no U+0000),
// shared copies of common values, and skipping what is not kept without letting U+0000 through.
public sealed partial class EmqxEventParser
{
    // Bounds of the strings kept besides the named ones (which use MaxFieldLength): a peer address
    // with an IPv6 zone and a port fits in 128, a protocol name is "MQTT" or "MQIsdp".
    private const int MaxAddressLength = 128;
    private const int MaxProtoNameLength = 64;

    // Event names, times and booleans given as text: only read, and a sample shown in an error.
    private const int MaxOtherLength = 1024;

    // Values that arrive on nearly every event; handing out one shared string saves an allocation each time.
    private static readonly (byte[] Utf8, string Text)[] CommonValues = Utf8Table(
        "MQTT", "MQIsdp", ReasonNames.Normal, ReasonNames.TcpClosed, ReasonNames.SslClosed, ReasonNames.Closed,
        ReasonNames.Kicked, ReasonNames.Discarded, ReasonNames.TakenOver, ReasonNames.KeepaliveTimeout, ReasonNames.EconnReset,
        ReasonNames.EtimedOut, ReasonNames.Timeout, ReasonNames.NotAuthorized, ReasonNames.ProtocolError, ReasonNames.InternalError);

    // Events from one broker name the same node over and over; reused instead of re-allocated.
    private string? _lastNode;

    /// <summary>
    /// Skips a value the event does not keep, still refusing U+0000 in it: the raw payload is stored,
    /// and no string with U+0000 in it should reach a store or a screen.
    /// </summary>
    private static string? SkipValue(ref Utf8JsonReader r)
    {
        if (r.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return ContainsNul(ref r) ? NulError(null) : null;
        }

        int depth = r.CurrentDepth;
        while (r.Read() && r.CurrentDepth > depth)
        {
            if (ContainsNul(ref r))
            {
                return NulError(null);
            }
        }

        return null;
    }

    /// <summary>Whether the current string or property name holds U+0000. Only an escape can put one there.</summary>
    private static bool ContainsNul(ref Utf8JsonReader r)
    {
        if (r.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !r.ValueIsEscaped)
        {
            return false;
        }

        try
        {
            return r.GetString()!.Contains('\0', StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 in a value that is not kept is tolerated, as it always was.
            return false;
        }
    }

    private static string NulError(string? name) => name is null
        ? "payload contains U+0000, which MQTT forbids in strings"
        : $"field '{name}' contains U+0000, which MQTT forbids in strings";

    // The client ID is kept verbatim: "undefined" and "" are real (if odd) IDs, never EMQX's absent marker,
    // because EMQX always knows the client ID of a connection it reports.
    private static string? ReadClientId(ref Utf8JsonReader r, int maxLength, out string? value)
    {
        value = null;
        return r.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => TakeString(ref r, "clientid", maxLength, out value),
            _ => WrongType("clientid", "a string", r.TokenType),
        };
    }

    private static string? ReadString(ref Utf8JsonReader r, string name, int maxLength, out string? value)
    {
        value = null;
        if (IsAbsent(ref r))
        {
            return null;
        }

        if (r.TokenType != JsonTokenType.String)
        {
            return WrongType(name, "a string", r.TokenType);
        }

        foreach (var (utf8, text) in CommonValues)
        {
            if (r.ValueTextEquals(utf8))
            {
                value = text;
                return null;
            }
        }

        string? error = TakeString(ref r, name, maxLength, out value);
        if (value is { Length: 0 })
        {
            value = null;
        }

        return error;
    }

    private string? ReadNode(ref Utf8JsonReader r, out string? value)
    {
        var last = _lastNode;
        if (last is not null && r.TokenType == JsonTokenType.String && r.ValueTextEquals(last))
        {
            value = last;
            return null;
        }

        string? error = ReadString(ref r, "node", MaxFieldLength, out value);
        if (value is not null)
        {
            _lastNode = value;
        }

        return error;
    }

    /// <summary>
    /// The string value, or an error when it is not valid UTF-8, is longer than
    /// <paramref name="maxLength"/> chars, or holds U+0000.
    /// </summary>
    private static string? TakeString(ref Utf8JsonReader r, string name, int maxLength, out string? value)
    {
        value = null;
        string text;
        try
        {
            // The reader checks a string's UTF-8 only when it is transcoded.
            text = r.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return $"field '{name}' is not valid UTF-8";
        }

        if (text.Length > maxLength)
        {
            return $"field '{name}' is {text.Length} characters long, over the {maxLength}-character limit";
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return NulError(name);
        }

        value = text;
        return null;
    }

    private static (byte[] Utf8, string Text)[] Utf8Table(params string[] values) =>
        Array.ConvertAll(values, v => (Encoding.UTF8.GetBytes(v), v));
}
