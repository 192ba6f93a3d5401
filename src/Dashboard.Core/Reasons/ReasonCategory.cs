namespace Dashboard.Core.Reasons;

/// <summary>What a disconnect reason says happened; the rules (conflicts, flapping, the timeline) go by this.</summary>
public enum ReasonCategory
{
    /// <summary>The client closed the connection on purpose (<c>normal</c>, a DISCONNECT with a will).</summary>
    Graceful,

    /// <summary>An operator or the broker ended the session on purpose (kick, ban, evacuation).</summary>
    Administrative,

    /// <summary>Another connection with the same client ID took the session's place (<c>takenover</c>, <c>discarded</c>).</summary>
    Replacement,

    /// <summary>The connection itself failed: network, TLS, socket errors or silence (<c>keepalive_timeout</c>).</summary>
    Transport,

    /// <summary>The broker refused the client (<c>not_authorized</c>).</summary>
    Authorization,

    /// <summary>The client broke MQTT, sent an error code, or sent a frame EMQX could not name (<c>internal_error</c>).</summary>
    Protocol,

    /// <summary>A reason this dashboard does not know: kept and shown verbatim.</summary>
    Unknown,
}
