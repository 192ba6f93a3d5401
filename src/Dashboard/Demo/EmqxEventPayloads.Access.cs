using System.Text.Json;
using Dashboard.Simulator.Events;

namespace Dashboard.Demo;

// The access events of EMQX 5.8.9 (FACTS §5.3; eventmsg_connack/2, eventmsg_check_authn_complete/2 and
// eventmsg_check_authz_complete/5 in emqx_rule_events.erl), as the SELECT * row of a republish rule:
// - client.connack fires for every CONNACK; reason_code is always the MQTT 5 name; expiry_interval is
//   in milliseconds (client.connected gives seconds); there is no connected_at in 5.8.9.
// - client.check_authn_complete carries reason_code ("success" or the failure), is_superuser and
//   is_anonymous, and no protocol columns.
// - client.check_authz_complete carries topic, action, result, authz_source and peerhost besides peername.
internal sealed partial class EmqxEventPayloads
{
    public byte[] RuleConnack(BrokerConnection c, string reasonCode, long timestampMs) => Write(w =>
    {
        WriteAccessHead(w, "client.connack", c, timestampMs);
        w.WriteString("sockname", _sockname);
        w.WriteString("proto_name", c.ProtoVer == 3 ? "MQIsdp" : "MQTT");
        w.WriteNumber("proto_ver", c.ProtoVer);
        EmqxEventJson.WriteSession(w, c.Keepalive, c.CleanStart, c.ExpiryIntervalSeconds * 1000);
        WriteEmptyProperties(w, "conn_props");
        w.WriteString("reason_code", reasonCode);
        WriteMetadata(w, clientAttrs: false);
    });

    /// <summary><paramref name="anonymous"/>: the client sent no password (EMQX: no credentials checked).</summary>
    public byte[] RuleAuthnComplete(BrokerConnection c, string reasonCode, bool anonymous, long timestampMs) => Write(w =>
    {
        WriteAccessHead(w, "client.check_authn_complete", c, timestampMs);
        w.WriteString("reason_code", reasonCode);
        w.WriteBoolean("is_superuser", false);
        w.WriteBoolean("is_anonymous", anonymous);
        WriteMetadata(w);
    });

    /// <summary>A publish the demo's ACL (a file source in EMQX terms) denied.</summary>
    public byte[] RuleAuthzDenied(BrokerConnection c, string topic, long timestampMs) => Write(w =>
    {
        WriteAccessHead(w, "client.check_authz_complete", c, timestampMs);
        w.WriteString("peerhost", c.PeerIp);
        w.WriteString("topic", topic);
        w.WriteString("action", "publish");
        w.WriteString("result", "deny");
        w.WriteString("authz_source", "file");
        WriteMetadata(w);
    });

    private void WriteAccessHead(Utf8JsonWriter w, string eventName, BrokerConnection c, long timestampMs)
    {
        w.WriteString("event", eventName);
        w.WriteNumber("timestamp", timestampMs);
        w.WriteString("node", node);
        w.WriteString("clientid", c.ClientId);
        w.WriteString("username", c.Username ?? EmqxEventJson.Undefined);
        w.WriteString("peername", $"{c.PeerIp}:{c.PeerPort}");
    }
}
