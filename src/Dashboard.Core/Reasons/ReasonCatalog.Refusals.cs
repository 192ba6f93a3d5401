namespace Dashboard.Core.Reasons;

// Why EMQX refused a CONNECT: the MQTT 5 reason code names of client.connack (FACTS §5.3; always the
// MQTT 5 name, even for a 3.1.1 client, whose wire code is converted only on the wire). Kept in
// their own table because several names are disconnect reasons too and mean something else there.
public static partial class ReasonCatalog
{
    private static readonly Dictionary<string, ReasonInfo> Refusals = BuildRefusals(
        new("bad_username_or_password", ReasonCategory.Authorization, ReasonColorGroup.Authorization,
            "Authentication failed: the broker did not accept the username and password (or token) the client sent.",
            ["credentials rotated on the broker or the authentication backend but not on the device", "a typo or an expired token in the device's configuration", "someone guessing credentials"],
            "Check the credentials the device uses against the authentication backend. Many clients at once right after a change point at a credentials rotation; many attempts from one address at guessing."),
        new("not_authorized", ReasonCategory.Authorization, ReasonColorGroup.Authorization,
            "The broker refused the CONNECT: authentication denied it outright (not a wrong password), or the client may not connect at all.",
            ["an authentication backend (HTTP, JWT, database) that answered deny", "an authentication chain where no authenticator accepted the client and anonymous access is off", "a JWT whose claims do not allow this client"],
            "Look at the authentication backend's answer for this client ID and username; the EMQX log names the authenticator. (As a disconnect reason, not_authorized means something else: an ACL denial or expired credentials during a session.)"),
        new("banned", ReasonCategory.Administrative, ReasonColorGroup.Administrative,
            "The client ID, username or address is on EMQX's banned list.",
            ["an operator banned it", "EMQX's flapping detection banned a client that connected and disconnected too often (a temporary ban)"],
            "Check the banned list (EMQX dashboard or GET /api/v5/banned) for the entry and its expiry. If flapping detection put it there, fix the reconnect loop first, or the ban comes back."),
        new("client_identifier_not_valid", ReasonCategory.Protocol, ReasonColorGroup.Protocol,
            "The broker rejected the client ID itself.",
            ["an empty client ID with clean start = false", "a client ID longer than mqtt.max_clientid_len", "a client ID that a validation rule refuses"],
            "Give the device a valid, unique client ID within the broker's length limit."),
        new("server_busy", ReasonCategory.Administrative, ReasonColorGroup.Administrative,
            "THROTTLED: the client ID was still in use on the node while the broker cleaned up its previous connection (or another CONNECT held it), so this CONNECT was turned away.",
            ["a client that reconnects immediately after dropping, again and again: a reconnect loop", "two devices sharing one client ID and connecting at the same moment"],
            "Several in a row for one client ID are a sign of a reconnect loop: add a backoff to the client's reconnect and check the Conflicts page. EMQX sends the Reason-String THROTTLED on the wire, but not in the rule event; on MQTT listeners it is the only server_busy refusal."),
        new("quota_exceeded", ReasonCategory.Administrative, ReasonColorGroup.Administrative,
            "A quota refused the connection: a rate limit. EMQX's own MQTT listener does not send this CONNACK (in 5.8.9 and e5.10.4 its limits slow down accepting sockets instead), so a plugin, an authentication hook or a proxy in front of the broker sent it.",
            ["a limit on connections per client, user or tenant in a plugin or gateway", "a licence or tenant quota"],
            "Find which component enforces the quota and whether the load is legitimate; raise the limit on purpose, or find the client flooding it."),
        new("connection_rate_exceeded", ReasonCategory.Administrative, ReasonColorGroup.Administrative,
            "A connection rate limit refused the CONNECT. EMQX's own listener limit (max_conn_rate) delays accepting sockets rather than answering this, so a plugin, a hook or a proxy in front sent it.",
            ["many devices reconnecting at once after an outage", "a client in a tight reconnect loop"],
            "Give clients a randomised reconnect backoff so a fleet does not return at once; raise the limit only on purpose."),
        new("use_another_server", ReasonCategory.Administrative, ReasonColorGroup.Administrative,
            "The node is being evacuated or rebalanced and sent the client elsewhere (EMQX Enterprise).",
            ["node evacuation before maintenance", "cluster rebalancing"],
            "Expected during maintenance; the client should connect to another node by itself."),
        new("server_moved", ReasonCategory.Administrative, ReasonColorGroup.Administrative,
            "The broker told the client that the service has moved to another server for good.",
            ["a migration or a node taken out of service with a redirect"],
            "Point the device at the new server address."),
        new("unsupported_protocol_version", ReasonCategory.Protocol, ReasonColorGroup.Protocol,
            "The broker does not accept the MQTT version the client asked for.",
            ["an old client speaking MQTT 3.1 to a listener that refuses it", "a client sending something that is not MQTT"],
            "Configure the client for MQTT 3.1.1 or 5.0."),
        new("server_unavailable", ReasonCategory.Protocol, ReasonColorGroup.Internal,
            "The broker could not serve the CONNECT.",
            ["a node starting or stopping", "an internal failure"],
            "Check the node's health and log at that time."),
        new("bad_authentication_method", ReasonCategory.Authorization, ReasonColorGroup.Authorization,
            "The client asked for an enhanced authentication method (MQTT 5) that the broker does not offer.",
            ["a SCRAM or other method configured on the client but not on the broker"],
            "Align the client's Authentication-Method with the broker's authenticators."),
        new("protocol_error", ReasonCategory.Protocol, ReasonColorGroup.Protocol,
            "The CONNECT broke the MQTT protocol.",
            ["a buggy MQTT library", "a malformed CONNECT packet"],
            "Update or fix the client's MQTT library; the EMQX log names the problem."),
        new("unspecified_error", ReasonCategory.Protocol, ReasonColorGroup.Internal,
            "The broker refused the CONNECT without naming why: typically it could not open the session.",
            ["a failure opening the session (EMQX logs failed_to_open_session)"],
            "Look at the EMQX log around that time for the session error."),
        new("packet_too_large", ReasonCategory.Protocol, ReasonColorGroup.Protocol,
            "The CONNECT was larger than the broker accepts.",
            ["a large will message or large CONNECT properties"],
            "Shrink the will message or raise mqtt.max_packet_size on purpose."));

    /// <summary>Every connack reason code the catalogue explains, in a stable order.</summary>
    public static IReadOnlyCollection<ReasonInfo> AllRefusals => Refusals.Values;

    /// <summary>Why a CONNECT was refused with this reason code; an unknown code comes back verbatim, in category unknown.</summary>
    public static ReasonInfo DescribeRefusal(string reasonCode) =>
        Refusals.TryGetValue(reasonCode, out var info)
            ? info
            : Unrecognised(
                reasonCode,
                $"Refused with reason code '{reasonCode}': EMQX reported it, and this dashboard has no explanation for it.",
                "Look it up in the EMQX log or the MQTT 5 specification's CONNACK reason codes.") with { Context = ReasonContext.Refusal };

    private static Dictionary<string, ReasonInfo> BuildRefusals(params ReasonInfo[] infos) =>
        infos.ToDictionary(i => i.Reason, i => i with { Context = ReasonContext.Refusal }, StringComparer.Ordinal);
}
