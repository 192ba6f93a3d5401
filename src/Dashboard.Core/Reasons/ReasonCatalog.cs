namespace Dashboard.Core.Reasons;

/// <summary>
/// The disconnect reasons EMQX 5 emits (see the EMQX facts in shared/emqx/FACTS.md §2), each
/// with its category, its colour group, an explanation, likely causes and advice. Every other part
/// of the dashboard (charts, conflict rules, the timeline, the demo broker) asks here what a reason
/// means. The set is open: <see cref="Describe"/> answers for any string, and an unknown one comes
/// back verbatim in <see cref="ReasonCategory.Unknown"/>.
/// The same catalogue explains why a CONNECT was refused (<see cref="DescribeRefusal"/>, in
/// ReasonCatalog.Refusals.cs): some names (<c>not_authorized</c>, <c>server_busy</c>,
/// <c>use_another_server</c>) are both, and mean different things in each; <see cref="ReasonInfo.Context"/> says which.
/// </summary>
public static partial class ReasonCatalog
{
    private static readonly Dictionary<string, ReasonInfo> Known = Build(
        new(ReasonNames.Normal, ReasonCategory.Graceful, ReasonColorGroup.Graceful,
            "The client sent DISCONNECT: it closed the connection on purpose.",
            ["a planned shutdown or restart of the device", "an app going to the background", "a client library closing idle connections"],
            "Nothing to fix on its own. Many of them in a short time mean devices restart or reconnect more often than they should."),
        new(ReasonNames.Kicked, ReasonCategory.Administrative, ReasonColorGroup.Administrative,
            "An operator removed the client: a kick through the REST API or CLI, or a ban on its client ID. Its session is gone too.",
            ["an operator or script kicked it", "a ban rule matched the client"],
            "Check who kicked it (EMQX audit log) and why; if a ban is in place, the client will keep being refused."),
        new(ReasonNames.Discarded, ReasonCategory.Replacement, ReasonColorGroup.Administrative,
            "Another connection with the same client ID and clean start = true replaced this one; the old session was thrown away.",
            ["two devices share one client ID", "the device reconnected while its old connection was still open"],
            "If it repeats, see the Conflicts page: two devices sharing an ID need unique IDs; one device reconnecting in a loop needs its connection logic fixed."),
        new(ReasonNames.TakenOver, ReasonCategory.Replacement, ReasonColorGroup.Administrative,
            "Another connection with the same client ID and clean start = false took over this session.",
            ["two devices share one client ID", "the device opened a new connection without closing the old one"],
            "If it repeats, see the Conflicts page: give each device a unique client ID, or make the client reuse or cleanly close its connection."),
        new("use_another_server", ReasonCategory.Administrative, ReasonColorGroup.Administrative,
            "The broker node was being evacuated or rebalanced and asked the client to move (EMQX Enterprise).",
            ["node evacuation before maintenance", "cluster rebalancing"],
            "Expected during maintenance; clients should reconnect to another node by themselves."),
        new(ReasonNames.KeepaliveTimeout, ReasonCategory.Transport, ReasonColorGroup.Timeout,
            "The broker heard nothing from the client for 1.5 × its keepalive and closed the connection.",
            ["network jitter or a dropped link (mobile, Wi-Fi, NAT timeouts)", "a faulty heartbeat: the client stopped sending PINGREQ", "the device hung, lost power or went to sleep"],
            "Check the device's connectivity and that its MQTT library sends PINGREQ; a keepalive shorter than the NAT/firewall idle timeout helps on lossy links."),
        new(ReasonNames.NotAuthorized, ReasonCategory.Authorization, ReasonColorGroup.Authorization,
            "The broker refused the client while connected: a denied publish or subscribe with acl_nomatch / deny_action = disconnect, expired credentials (e.g. a JWT exp) or failed re-authentication.",
            ["a publish or subscribe outside the client's ACL with authorization.deny_action = disconnect", "credentials that expired during the session", "re-authentication that failed"],
            "Compare the topics the client uses with its ACL rules, and check token lifetimes; bursts from one IP can mean a misconfigured or hostile client."),
        new(ReasonNames.TcpClosed, ReasonCategory.Transport, ReasonColorGroup.Network,
            "The TCP connection closed without a DISCONNECT: the client or something on the path dropped it.",
            ["the device lost power or crashed", "a NAT, firewall or load balancer closed an idle connection", "the app was killed"],
            "A few are normal. Many from one network point at that network; many from one device at its power or connectivity."),
        new(ReasonNames.SslClosed, ReasonCategory.Transport, ReasonColorGroup.Network,
            "The TLS connection closed without a DISCONNECT.",
            ["as tcp_closed, on a TLS listener"],
            "As for tcp_closed; also check certificate expiry and TLS settings if it started suddenly."),
        new(ReasonNames.EconnReset, ReasonCategory.Transport, ReasonColorGroup.Network,
            "The connection was reset (a TCP RST) by the client or something on the path.",
            ["a middlebox reset the connection", "the client crashed mid-connection"],
            "Look for a common network path among the affected clients."),
        new(ReasonNames.EtimedOut, ReasonCategory.Transport, ReasonColorGroup.Network,
            "The TCP connection timed out: the broker's sends were not acknowledged.",
            ["the client disappeared without closing", "heavy packet loss"],
            "Check the network quality of the affected clients."),
        new(ReasonNames.Closed, ReasonCategory.Transport, ReasonColorGroup.Network,
            "The socket was already closed when the broker used it.",
            ["the peer went away between two packets"],
            "Treat like tcp_closed."),
        new(ReasonNames.Timeout, ReasonCategory.Transport, ReasonColorGroup.Network,
            "Sending to the client timed out (a slow or stuck reader).",
            ["a client that does not read its socket fast enough", "a congested link"],
            "Check that the client consumes messages as fast as they arrive, or lower what it subscribes to."),
        new("tls_alert", ReasonCategory.Transport, ReasonColorGroup.Network,
            "A TLS alert ended the connection.",
            ["a certificate or cipher problem", "a TLS version mismatch"],
            "Check the certificates and TLS settings on both sides."),
        new(ReasonNames.ProtocolError, ReasonCategory.Protocol, ReasonColorGroup.Protocol,
            "The client broke the MQTT protocol: for example a second CONNECT, or a packet before CONNECT completed.",
            ["a buggy MQTT library", "a client that reconnects on the same socket"],
            "Update or fix the client's MQTT library; the EMQX log names the packet."),
        new("frame_too_large", ReasonCategory.Protocol, ReasonColorGroup.Protocol,
            "The client sent a packet larger than the broker's max_packet_size.",
            ["large payloads (images, logs) sent over MQTT"],
            "Send smaller messages or raise mqtt.max_packet_size on purpose."),
        new("packet_too_large", ReasonCategory.Protocol, ReasonColorGroup.Protocol,
            "The client said a packet was too large for it.",
            ["a client with a small Maximum-Packet-Size receiving large messages"],
            "Reduce what the client subscribes to, or raise its limit."),
        new("implementation_specific_error", ReasonCategory.Protocol, ReasonColorGroup.Protocol,
            "The broker or client refused an operation in an implementation-specific way (e.g. AUTH without enhanced auth, a publish refused by a hook).",
            ["enhanced authentication misconfigured", "a rule or hook that rejects publishes with disconnect"],
            "Check the authentication and hook configuration."),
        new("receive_maximum_exceeded", ReasonCategory.Protocol, ReasonColorGroup.Protocol,
            "The client had more unacknowledged QoS 1/2 messages in flight than allowed.",
            ["a client that publishes faster than it processes acknowledgements"],
            "Lower the client's in-flight window or raise the broker's receive maximum."),
        new(ReasonNames.InternalError, ReasonCategory.Protocol, ReasonColorGroup.Internal,
            "EMQX could not name the cause: typically a malformed packet whose parser error is not a simple name.",
            ["a client sending corrupt frames", "a bug in a client library or a proxy in between"],
            "Look at the EMQX log around the time for the full error; repeated ones from one client point at its library."),
        new("server_busy", ReasonCategory.Protocol, ReasonColorGroup.Protocol,
            "The client reported the server busy and left.",
            ["a client-side reaction to broker load"],
            "Check broker load at the time."),
        new("disconnect_with_will_message", ReasonCategory.Graceful, ReasonColorGroup.Graceful,
            "The client sent DISCONNECT asking the broker to publish its will message.",
            ["an intended close that should notify others"],
            "Nothing to fix; the will message tells subscribers the device left."),

        // Socket errors EMQX passes on from a failed read or send (FACTS §2.3); rarer than the ones above.
        new("epipe", ReasonCategory.Transport, ReasonColorGroup.Network,
            "The broker wrote to a connection the client had already closed (a broken pipe).",
            ["the device went away while the broker was sending", "a middlebox dropped the connection"],
            "Treat like tcp_closed; many at once point at the network in between."),
        new("ehostunreach", ReasonCategory.Transport, ReasonColorGroup.Network,
            "The client's host became unreachable while the broker was sending to it.",
            ["a routing change or a dropped link", "the device left the network"],
            "Check the route between the broker and the affected clients."),
        new("enetunreach", ReasonCategory.Transport, ReasonColorGroup.Network,
            "The client's network became unreachable from the broker.",
            ["a routing or VPN outage", "a network interface going down on the broker host"],
            "Check the broker host's routes and the network the clients are on."),
        new("econnrefused", ReasonCategory.Transport, ReasonColorGroup.Network,
            "The connection was refused at the socket level.",
            ["a proxy or load balancer in front of the broker refusing the connection"],
            "Check any proxy between the clients and the broker."),
        new("einval", ReasonCategory.Transport, ReasonColorGroup.Network,
            "The socket was no longer usable when the broker used it (an invalid argument from the operating system).",
            ["the connection was torn down underneath the broker"],
            "Treat like tcp_closed; if it is frequent, look at the EMQX log for the socket error."),
        new("sock_closed", ReasonCategory.Transport, ReasonColorGroup.Network,
            "The socket closed. EMQX normally reports the reason inside this tag, so it is rare to see it on its own.",
            ["the peer or something on the path closed the connection"],
            "Treat like tcp_closed."),

        // The dashboard's own reason, never EMQX's: a reconcile found the client gone (FACTS §2.4).
        new(ReasonNames.Reconciled, ReasonCategory.Administrative, ReasonColorGroup.Internal,
            "Closed without an event: EMQX's REST API no longer lists the client as connected, but no disconnect event for it reached the dashboard. A reconcile ended the session; when it really ended is unknown (at the latest, when the listing started).",
            ["a connection EMQX ended without its disconnect hook: the connection process crashed or was killed for memory (force_shutdown), or an MQTT 3.x client sent a packet that was too large", "a broker node that went down with its clients", "an event lost on the way: EMQX dropped it from the dashboard's full session queue, or the dashboard's session at EMQX expired while it was away"],
            "One now and then is expected. Many mean events are being lost: check the queue figures on Diagnostics (mqueue_dropped) and raise max_mqueue_len / max_inflight for the dashboard's session, or use the HTTP action."));

    /// <summary>The transport reasons, in catalogue order: the default of what flapping counts.</summary>
    public static readonly IReadOnlyList<string> TransportReasons =
        [.. Known.Values.Where(i => i.IsTransport).Select(i => i.Reason)];

    /// <summary>Every reason the catalogue knows, in a stable order.</summary>
    public static IReadOnlyCollection<ReasonInfo> All => Known.Values;

    /// <summary>What a reason means; an unknown one comes back verbatim, in category unknown.</summary>
    public static ReasonInfo Describe(string reason) =>
        Known.TryGetValue(reason, out var info)
            ? info
            : Unrecognised(
                reason,
                $"Unrecognised reason '{reason}': EMQX reported it, and this dashboard has no explanation for it.",
                "Look it up in the EMQX log or documentation for the broker version in use.");

    /// <summary>A name the catalogue does not know: kept verbatim, in category unknown.</summary>
    private static ReasonInfo Unrecognised(string name, string explanation, string advice) =>
        new(name, ReasonCategory.Unknown, ReasonColorGroup.Unrecognised, explanation, [], advice);

    /// <summary>The explanation of a known reason, or null for an unknown one (shown verbatim).</summary>
    public static string? Explain(string? reason) =>
        reason is not null && Known.TryGetValue(reason, out var info) ? info.Explanation : null;

    /// <summary>Whether a session that ended with this reason was replaced by another connection of its client ID.</summary>
    public static bool IsReplacement(string? reason) =>
        reason is not null && Known.TryGetValue(reason, out var info) && info.IsReplacement;

    /// <summary>Whether this reason means the connection failed underneath MQTT.</summary>
    public static bool IsTransport(string? reason) =>
        reason is not null && Known.TryGetValue(reason, out var info) && info.IsTransport;

    private static Dictionary<string, ReasonInfo> Build(params ReasonInfo[] infos) =>
        infos.ToDictionary(i => i.Reason, StringComparer.Ordinal);
}
