namespace Dashboard.Core.Reasons;

/// <summary>
/// The reason strings EMQX puts in <c>client.disconnected</c> that code names on its own (to write
/// one, or to give it a colour of its own); what they mean is in <see cref="ReasonCatalog"/>.
/// </summary>
public static class ReasonNames
{
    public const string Normal = "normal";
    public const string Kicked = "kicked";
    public const string Discarded = "discarded";
    public const string TakenOver = "takenover";
    public const string KeepaliveTimeout = "keepalive_timeout";
    public const string NotAuthorized = "not_authorized";
    public const string TcpClosed = "tcp_closed";
    public const string SslClosed = "ssl_closed";
    public const string Closed = "closed";
    public const string EconnReset = "econnreset";
    public const string EtimedOut = "etimedout";
    public const string Timeout = "timeout";
    public const string ProtocolError = "protocol_error";
    public const string InternalError = "internal_error";

    /// <summary>
    /// Not EMQX's: the dashboard's own reason for a session it ended because EMQX's REST listing no
    /// longer shows the client. The parentheses keep it apart from any reason EMQX can send.
    /// </summary>
    public const string Reconciled = "(reconciled)";
}
