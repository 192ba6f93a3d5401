namespace Dashboard.Core.Reasons;

/// <summary>Where a reason name comes from, and so which explanation of it applies.</summary>
public enum ReasonContext
{
    /// <summary>The <c>reason</c> of <c>client.disconnected</c>: why a session ended.</summary>
    Disconnect,

    /// <summary>The <c>reason_code</c> of <c>client.connack</c> (or a failed authentication): why a CONNECT was refused.</summary>
    Refusal,
}
