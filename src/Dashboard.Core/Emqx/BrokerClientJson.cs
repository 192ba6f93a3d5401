using System.Globalization;
using System.Text.Json;
using Dashboard.Core.Events;

namespace Dashboard.Core.Emqx;

/// <summary>
/// Reads EMQX's REST client objects and listing pages (FACTS §4.2–4.4) leniently: fields are found
/// by name in any order, <c>null</c> or a missing field is "unknown", <c>"infinity"</c> where a
/// number was expected is "unknown", times are RFC 3339 strings (or epoch ms, if a proxy rewrote
/// them). Every string is bounded and a client ID with U+0000 or past the bound skips the row: the
/// broker is trusted for shapes, not for the values its clients chose.
/// </summary>
public sealed class BrokerClientJson(int maxFieldLength = 1024)
{
    /// <summary>Bounds the fields that are not client-chosen (node, protocol name): EMQX's own values are short.</summary>
    private const int MaxOtherLength = 256;

    /// <summary>EMQX's cursors are base62 of a compressed Erlang term: short, but they carry a client ID.</summary>
    private const int MaxCursorLength = 4096;

    /// <summary>A page of <c>GET /api/v5/clients</c> (<c>meta.hasnext</c>) or <c>clients_v2</c> (<c>meta.cursor</c>).</summary>
    public BrokerClientPage ParsePage(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("An EMQX client listing is an object with a \"data\" array.");
        }

        var clients = new List<BrokerClient>(data.GetArrayLength());
        var skipped = 0;
        foreach (var item in data.EnumerateArray())
        {
            if (ReadClient(item) is { } client)
            {
                clients.Add(client);
            }
            else
            {
                skipped++;
            }
        }

        string? cursor = null;
        var hasNext = false;
        if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            // A cursor that cannot be sent back must fail the listing: read as "no cursor" it would end
            // the listing early, and a reconcile would take the clients never listed for gone.
            if (meta.TryGetProperty("cursor", out var raw) && raw.ValueKind != JsonValueKind.Null)
            {
                cursor = String(meta, "cursor", MaxCursorLength)
                    ?? throw new FormatException($"meta.cursor is not a string of at most {MaxCursorLength} characters.");
            }
            hasNext = meta.TryGetProperty("hasnext", out var next) && next.ValueKind == JsonValueKind.True;
        }

        return new BrokerClientPage(clients, string.IsNullOrEmpty(cursor) ? null : cursor, hasNext, skipped);
    }

    /// <summary>One client object (<c>GET /api/v5/clients/{clientid}</c>), with its queue figures; null when unusable.</summary>
    public BrokerClient? ParseClient(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        return ReadClient(document.RootElement);
    }

    private BrokerClient? ReadClient(JsonElement o)
    {
        if (o.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var clientId = String(o, "clientid", maxFieldLength);
        if (string.IsNullOrEmpty(clientId))
        {
            return null;
        }

        var ip = String(o, "ip_address", MaxOtherLength);
        return new BrokerClient
        {
            ClientId = clientId,
            Connected = !o.TryGetProperty("connected", out var connected) || connected.ValueKind != JsonValueKind.False,
            ConnectedAt = Time(o, "connected_at"),
            Username = String(o, "username", maxFieldLength),
            PeerIp = ip is null ? null : PeerAddress.NormaliseIp(ip),
            PeerPort = Number(o, "port") is { } port and > 0 and <= 65535 ? (int)port : null,
            Node = String(o, "node", MaxOtherLength),
            Keepalive = Number(o, "keepalive") is { } keepalive and >= 0 and <= 65535 ? (int)keepalive : null,
            CleanStart = Bool(o, "clean_start"),
            ExpiryIntervalSeconds = Number(o, "expiry_interval") is { } expiry and >= 0 ? expiry : null,
            ProtoVer = Number(o, "proto_ver") is { } ver and > 0 and < 256 ? (int)ver : null,
            ProtoName = String(o, "proto_name", MaxOtherLength),
            Queue = o.TryGetProperty("mqueue_len", out _) || o.TryGetProperty("mqueue_dropped", out _)
                ? new SessionQueueFigures(
                    Number(o, "mqueue_len") ?? 0,
                    Number(o, "mqueue_max") ?? 0,
                    Number(o, "mqueue_dropped") ?? 0,
                    Number(o, "inflight_cnt") ?? 0,
                    Number(o, "inflight_max") ?? 0)
                : null,
        };
    }

    /// <summary>A string within its bound and free of U+0000; anything else is "unknown".</summary>
    private static string? String(JsonElement o, string name, int max)
    {
        if (!o.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetString();
        return text is null || text.Length > max || text.Contains('\0', StringComparison.Ordinal) ? null : text;
    }

    /// <summary>A whole number; <c>"infinity"</c>, fractions and strings are "unknown".</summary>
    private static long? Number(JsonElement o, string name) =>
        o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    private static bool? Bool(JsonElement o, string name) =>
        o.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        } : null;

    /// <summary>RFC 3339 with the node's offset (FACTS §4.2), or epoch ms; before 2000 is "unknown".</summary>
    private static DateTimeOffset? Time(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var value))
        {
            return null;
        }

        DateTimeOffset? time = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var ms) && ms >= EmqxEventParser.EarliestEventTime.ToUnixTimeMilliseconds() && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
                => DateTimeOffset.FromUnixTimeMilliseconds(ms),
            JsonValueKind.String when value.GetString() is { Length: <= MaxOtherLength } text
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                => parsed.ToUniversalTime(),
            _ => null,
        };
        return time is { } t && t >= EmqxEventParser.EarliestEventTime ? t : null;
    }
}
