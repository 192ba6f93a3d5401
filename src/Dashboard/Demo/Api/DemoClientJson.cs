using System.Globalization;
using System.Text.Json;
using Dashboard.Core.Emqx;

namespace Dashboard.Demo.Api;

/// <summary>
/// Writes a client object as EMQX 5.8's REST API does (<c>fields(client)</c> in
/// <c>emqx_mgmt_api_clients.erl</c>): times as RFC 3339 strings with milliseconds and the node's
/// offset, <c>null</c> for a missing username, <c>"infinity"</c> for an unlimited maximum, and
/// only the fields asked for with <c>fields=</c>.
/// </summary>
internal static class DemoClientJson
{
    /// <summary>EMQX's <c>emqx_utils_calendar:epoch_to_rfc3339/1</c> shape, e.g. <c>2025-06-10T10:30:00.125+00:00</c>.</summary>
    public static string Rfc3339(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>The <c>fields</c> parameter: null for all (missing or <c>all</c>), else the names asked for.</summary>
    public static HashSet<string>? ParseFields(string? fields) =>
        string.IsNullOrEmpty(fields) || fields == "all"
            ? null
            : fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    public static void Write(Utf8JsonWriter w, DemoClient c, SessionQueueFigures queue, string node, HashSet<string>? fields)
    {
        w.WriteStartObject();
        var f = new FieldWriter(w, fields);
        f.String("clientid", c.ClientId);
        f.String("username", c.Username);
        f.String("ip_address", c.IpAddress);
        f.Number("port", c.Port);
        f.String("node", node);
        f.Bool("connected", c.Connected);
        f.String("connected_at", Rfc3339(c.ConnectedAt));
        f.String("created_at", Rfc3339(c.ConnectedAt));
        f.Number("keepalive", c.Keepalive);
        f.Bool("clean_start", c.CleanStart);
        f.Number("expiry_interval", c.ExpiryIntervalSeconds);
        f.String("proto_name", "MQTT");
        f.Number("proto_ver", c.ProtoVer);
        f.Bool("is_bridge", false);
        f.Bool("is_persistent", false);
        f.Bool("durable", false);
        f.Bool("is_expired", false);
        f.Bool("enable_authn", true);
        f.String("mountpoint", null);
        f.String("listener", "tcp:default");
        f.Number("peerport", c.Port);
        f.Number("mqueue_len", queue.MqueueLen);
        f.Number("mqueue_max", queue.MqueueMax);
        f.Number("mqueue_dropped", queue.MqueueDropped);
        f.Number("inflight_cnt", queue.InflightCnt);
        f.Number("inflight_max", queue.InflightMax);
        f.Number("awaiting_rel_cnt", 0);
        f.Number("awaiting_rel_max", 100);
        f.Number("subscriptions_cnt", 0);
        f.String("subscriptions_max", "infinity");
        foreach (var counter in Counters)
        {
            f.Number(counter, 0);
        }

        if (fields is null || fields.Contains("client_attrs"))
        {
            w.WriteStartObject("client_attrs");
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static readonly string[] Counters =
    [
        "recv_oct", "send_oct", "recv_cnt", "send_cnt", "recv_pkt", "send_pkt", "recv_msg", "send_msg",
        "recv_msg.qos0", "recv_msg.qos1", "recv_msg.qos2", "send_msg.qos0", "send_msg.qos1", "send_msg.qos2",
        "recv_msg.dropped", "recv_msg.dropped.await_pubrel_timeout", "send_msg.dropped", "send_msg.dropped.expired",
        "send_msg.dropped.queue_full", "send_msg.dropped.too_large", "heap_size", "reductions", "mailbox_len",
    ];

    /// <summary>Writes a property only when <c>fields=</c> asked for it.</summary>
    private readonly struct FieldWriter(Utf8JsonWriter w, HashSet<string>? fields)
    {
        public void String(string name, string? value)
        {
            if (Wanted(name))
            {
                w.WriteString(name, value);
            }
        }

        public void Number(string name, long value)
        {
            if (Wanted(name))
            {
                w.WriteNumber(name, value);
            }
        }

        public void Bool(string name, bool value)
        {
            if (Wanted(name))
            {
                w.WriteBoolean(name, value);
            }
        }

        private bool Wanted(string name) => fields is null || fields.Contains(name);
    }
}
