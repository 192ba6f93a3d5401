namespace Dashboard.Core.Reasons;

/// <summary>
/// Groups of disconnect reasons that share a base colour on the charts and are listed together on
/// the Reasons page. Finer than <see cref="ReasonCategory"/>: silence, broken sockets and unnamed
/// errors each get a colour of their own, so a storm's cause shows at a glance.
/// </summary>
public enum ReasonColorGroup
{
    /// <summary>The client said goodbye (<c>normal</c>).</summary>
    Graceful,

    /// <summary>The broker or an operator ended the session on purpose (kick, takeover, discard, evacuation).</summary>
    Administrative,

    /// <summary>The client went silent (<c>keepalive_timeout</c>).</summary>
    Timeout,

    /// <summary>Authorization failed (<c>not_authorized</c>).</summary>
    Authorization,

    /// <summary>The connection broke underneath MQTT (TCP/TLS closed, resets, socket errors).</summary>
    Network,

    /// <summary>The client sent something MQTT does not allow, or asked to leave with an error code.</summary>
    Protocol,

    /// <summary>EMQX could not name the cause (<c>internal_error</c>).</summary>
    Internal,

    /// <summary>A reason this dashboard does not know: shown verbatim.</summary>
    Unrecognised,
}
