using System.Text.Json;

namespace Dashboard.Core.Events;

// The access half of the parser: client.connack, client.check_authn_complete and
// client.check_authz_complete (FACTS §5.3) become an AccessEvent instead of a ConnectionEvent.
//
// Names, read in emqx/emqx (emqx_rule_events.erl at v5.8.9 and e5.10.4):
// - The `event` column is 'client.connack', 'client.check_authn_complete' and
//   'client.check_authz_complete' in both versions: with_basic_columns/3 writes the event name, never
//   the topic, so only a rule's FROM changes in 5.10.
// - FROM topics: 5.8.9 knows $events/client_connack, $events/client_check_authn_complete and
//   $events/client_check_authz_complete; e5.10.4 adds $events/client/connack,
//   $events/auth/check_authn_complete and $events/auth/check_authz_complete (event_topics_enum/0,
//   event_name/1) and keeps the old ones "for backwards compatibility".
// - No message is ever published on $events/… (FACTS §1.1): the topic a payload arrives on is the
//   republish action's, which is free text and often copies the event's name. So the last level of
//   the topic is matched loosely, as for connect and disconnect.
// - The Reason-String of a refused CONNACK (THROTTLED with server_busy) is NOT in the event:
//   emqx_channel:handle_out(connack, {ReasonCode, ReasonString}, …) puts it in the CONNACK properties
//   that run_hooks('client.connack', [ConnInfo, Reason], AckProps) passes as the accumulator, and
//   emqx_rule_events:on_client_connack(ConnInfo, Reason, _, Conf) ignores that argument. conn_props
//   is the client's CONNECT properties, not the CONNACK's. In both versions the only server_busy CONNACK
//   of an MQTT listener is the THROTTLED one ({error, client_id_unavailable} from emqx_cm:open_session/4,
//   when an old channel of the client ID on this node is still being cleaned up, or from
//   emqx_cm_locker:trans/2 when another CONNECT holds the client ID's lock), so the reason code
//   alone says THROTTLED there. Gateways were not read.
public sealed partial class EmqxEventParser
{
    // action, result and authz_source are short words ("subscribe", "deny", "built_in_database").
    private const int MaxWordLength = 64;

    private static Field IdentifyAccessField(ref Utf8JsonReader r) =>
        r.ValueTextEquals("reason_code"u8) ? Field.ReasonCode
        : r.ValueTextEquals("topic"u8) ? Field.Topic
        : r.ValueTextEquals("action"u8) ? Field.Action
        : r.ValueTextEquals("result"u8) ? Field.Result
        : r.ValueTextEquals("authz_source"u8) ? Field.AuthzSource
        : r.ValueTextEquals("peerhost"u8) ? Field.PeerHost
        : r.ValueTextEquals("is_superuser"u8) ? Field.IsSuperuser
        : r.ValueTextEquals("is_anonymous"u8) ? Field.IsAnonymous
        : Field.Unknown;

    private static AccessEventKind? AccessKindFromEvent(ref Utf8JsonReader r) =>
        r.ValueTextEquals("client.connack"u8) ? AccessEventKind.Connack
        : r.ValueTextEquals("client.check_authn_complete"u8) ? AccessEventKind.Authentication
        : r.ValueTextEquals("client.check_authz_complete"u8) ? AccessEventKind.Authorization
        : null;

    /// <summary>
    /// The kind a republish topic names: its last level holds "connack", "authn" or "authz"
    /// (client_connack, client/connack, check_authn_complete, …). $SYS carries none of these events.
    /// </summary>
    private static AccessEventKind? AccessKindFromTopic(string topic)
    {
        if (topic.StartsWith(SysPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var last = topic.AsSpan(topic.LastIndexOf('/') + 1);
        return last.Contains("connack", StringComparison.OrdinalIgnoreCase) ? AccessEventKind.Connack
            : last.Contains("authn", StringComparison.OrdinalIgnoreCase) ? AccessEventKind.Authentication
            : last.Contains("authz", StringComparison.OrdinalIgnoreCase) ? AccessEventKind.Authorization
            : null;
    }

    /// <summary>
    /// For a column subset with no event and no telling topic: an allow/deny result is an authorization;
    /// a reason_code with is_superuser/is_anonymous an authentication; any other reason_code a connack
    /// (the event that reports every refused CONNECT). Null when nothing says it is an access event.
    /// </summary>
    private static AccessEventKind? AccessKindFromFields(in Fields f) =>
        f.Result is not null ? AccessEventKind.Authorization
        : f.ReasonCode is null ? null
        : f.IsSuperuser is not null || f.IsAnonymous is not null ? AccessEventKind.Authentication
        : AccessEventKind.Connack;

    private AccessEvent? BuildAccess(in Fields f, AccessEventKind kind, EventSourceKind source, DateTimeOffset receivedAt, out string? error)
    {
        error = CheckAccessFields(in f, kind);
        if (error is not null)
        {
            return null;
        }

        var (ip, port) = PeerOf(in f);
        bool clamped = false;
        var eventTime = ClampToReceipt(f.Timestamp, receivedAt, ref clamped);
        bool connack = kind == AccessEventKind.Connack;
        return new AccessEvent
        {
            ClientId = f.ClientId!,
            Kind = kind,
            EventTime = eventTime ?? receivedAt,
            TimeClamped = clamped,
            ReceivedAt = receivedAt,
            Source = source,
            Username = f.Username,
            PeerIp = ip,
            PeerPort = port,
            Node = f.Node,
            ReasonCode = kind == AccessEventKind.Authorization ? null : f.ReasonCode,
            Topic = f.Topic,
            Action = f.Action,
            Result = f.Result,
            AuthzSource = f.AuthzSource,
            ProtoVer = f.ProtoVer,
            Keepalive = f.Keepalive,
            CleanStart = f.CleanStart,

            // Milliseconds in this event, unlike client_connected (FACTS §5.3: the test suite expects 60000).
            ExpiryIntervalSeconds = connack ? f.ExpiryInterval / 1000 : null,
        };
    }

    private static string? CheckAccessFields(in Fields f, AccessEventKind kind)
    {
        if (kind != AccessEventKind.Authorization)
        {
            return f.ReasonCode is null ? "missing 'reason_code'" : null;
        }

        // EMQX writes the atoms allow and deny; anything else cannot be told apart from a denial.
        if (f.Result is null)
        {
            return "missing 'result'";
        }

        return f.Result is "allow" or "deny" ? null : $"field 'result' must be \"allow\" or \"deny\", got \"{Clip(f.Result)}\"";
    }
}
