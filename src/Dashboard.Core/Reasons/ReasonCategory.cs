namespace Dashboard.Core.Reasons;

/// <summary>Groups of disconnect reasons, for charts and for telling a storm's cause at a glance.</summary>
public enum ReasonCategory
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
