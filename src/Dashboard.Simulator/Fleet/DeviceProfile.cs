namespace Dashboard.Simulator.Fleet;

/// <summary>How a simulated device behaves, and so which disconnect reason the broker reports for it.</summary>
public enum DeviceProfile
{
    /// <summary>Connects, publishes a little, disconnects cleanly: <c>normal</c>.</summary>
    Steady,

    /// <summary>Drops its socket without DISCONNECT: <c>tcp_closed</c>.</summary>
    Flaky,

    /// <summary>Connects with a short keepalive and then says nothing: <c>keepalive_timeout</c>.</summary>
    Silent,

    /// <summary>Is refused with a bad password, then publishes to a forbidden topic: <c>not_authorized</c>.</summary>
    BadCredentials,

    /// <summary>Gets kicked by the operator through <see cref="FleetOptions.KickAsync"/>: <c>kicked</c>.</summary>
    Kick,

    /// <summary>Sends a second CONNECT on an open connection (EMQX: <c>protocol_error</c>; the demo broker: <c>internal_error</c>).</summary>
    ProtocolError,

    /// <summary>Two devices on two source IPs sharing one client ID: <c>takenover</c> or <c>discarded</c>.</summary>
    Conflict,

    /// <summary>One device that keeps opening new connections while its old one lives: <c>takenover</c>.</summary>
    ReconnectLoop,

    /// <summary>
    /// Steady, except during each credentials rotation: all of them drop and reconnect with a stale
    /// password at once, refused (<c>bad_username_or_password</c>) until the rotation ends.
    /// </summary>
    CredentialsRotation,

    /// <summary>
    /// A device at a site that loses power or its network on a schedule: online (pinging within a short keepalive)
    /// until each mass disconnect, when all of them fall silent at once and the broker times every one out
    /// (<c>keepalive_timeout</c>); they stay away until it ends, then come back.
    /// </summary>
    MassDisconnect,
}

/// <summary>
/// The reason strings EMQX puts in <c>client.disconnected</c> events, as counted in <see cref="FleetStats"/>.
/// The simulator stands alone and does not reference Dashboard.Core, so it names them here; what they
/// mean is Dashboard.Core's ReasonCatalog (a simulator test checks that it knows every one of them).
/// </summary>
public static class EmqxReasonNames
{
    public const string Normal = "normal";
    public const string TcpClosed = "tcp_closed";
    public const string KeepaliveTimeout = "keepalive_timeout";
    public const string NotAuthorized = "not_authorized";
    public const string Kicked = "kicked";
    public const string InternalError = "internal_error";
    public const string TakenOver = "takenover";
    public const string Discarded = "discarded";
}
