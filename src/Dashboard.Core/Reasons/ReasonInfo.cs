namespace Dashboard.Core.Reasons;

/// <summary>
/// What one disconnect reason (or connack reason code, see <see cref="Context"/>) means and what to do about it, in our own words. <see cref="Known"/>
/// is false for a reason not in the catalogue: the name is then shown verbatim as "unrecognised".
/// </summary>
public sealed record ReasonInfo(
    string Reason,
    ReasonCategory Category,
    ReasonColorGroup ColorGroup,
    string Explanation,
    IReadOnlyList<string> Causes,
    string Advice)
{
    public bool Known => Category != ReasonCategory.Unknown;

    /// <summary>What the texts explain: a session's end (a disconnect reason) or a refused CONNECT (a connack reason code).</summary>
    public ReasonContext Context { get; init; } = ReasonContext.Disconnect;

    /// <summary>Whether the session ended because another connection took its client ID.</summary>
    public bool IsReplacement => Category == ReasonCategory.Replacement;

    /// <summary>Whether the connection failed underneath MQTT (network, TLS, silence): what flapping counts.</summary>
    public bool IsTransport => Category == ReasonCategory.Transport;
}
