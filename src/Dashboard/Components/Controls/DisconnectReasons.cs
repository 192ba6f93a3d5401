namespace Dashboard.Components.Controls;

/// <summary>
/// Short explanations of the disconnect reasons EMQX emits, shown on hover. The set is open:
/// a reason not listed here is shown verbatim with no explanation, never hidden or renamed.
/// </summary>
public static class DisconnectReasons
{
    private static readonly Dictionary<string, string> Explanations = new(StringComparer.Ordinal)
    {
        ["normal"] = "The client sent DISCONNECT (a clean, intended close).",
        ["kicked"] = "An operator kicked the client (REST API, CLI) or its client ID was banned.",
        ["discarded"] = "A new connection with the same client ID and clean start replaced this one.",
        ["takenover"] = "A new connection with the same client ID took over the session.",
        ["keepalive_timeout"] = "No packet within 1.5 × keepalive: the client or its network went silent.",
        ["tcp_closed"] = "The client closed the TCP connection without sending DISCONNECT.",
        ["ssl_closed"] = "The client closed the TLS connection without sending DISCONNECT.",
        ["not_authorized"] = "Denied: publish/subscribe refused, credentials expired or re-authentication failed.",
        ["protocol_error"] = "The client broke the MQTT protocol (e.g. a second CONNECT).",
        ["frame_too_large"] = "The client sent a packet larger than the broker allows.",
        ["packet_too_large"] = "The client reported a packet too large for it.",
        ["econnreset"] = "The connection was reset by the network or the client.",
        ["etimedout"] = "The connection timed out at the TCP level.",
        ["closed"] = "The socket was closed while the broker was using it.",
        ["timeout"] = "Sending to the client timed out.",
        ["internal_error"] = "EMQX could not name the cause (often a malformed packet).",
        ["use_another_server"] = "The broker node was evacuated or rebalanced.",
        ["server_busy"] = "The client reported the server busy.",
        ["tls_alert"] = "A TLS error ended the connection.",
    };

    /// <summary>The explanation of a known reason, or null.</summary>
    public static string? Explain(string? reason) =>
        reason is not null && Explanations.TryGetValue(reason, out var text) ? text : null;
}
