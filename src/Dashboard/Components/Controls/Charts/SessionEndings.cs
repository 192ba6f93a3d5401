using Dashboard.Core.History;
using Dashboard.Core.Reasons;

namespace Dashboard.Components.Controls.Charts;

/// <summary>The groups of ways a session ends, each with one colour on the timeline.</summary>
public enum SessionEndGroup
{
    Normal,
    TakenOver,
    Discarded,
    Transport,
    Kicked,
    NotAuthorized,
    Superseded,
    Other,
    Open,
}

/// <summary>
/// How the drill-down colours a session by the way it ended: green for a clean close, orange and
/// purple when another connection replaced it, red for transport failures, grey and dark red when
/// the broker threw it out, blue while open. Which reasons are transport failures is the catalogue's
/// call (<see cref="ReasonCatalog.IsTransport"/>); a few reasons get a colour of their own. Reasons
/// outside the known set are "other", never hidden.
/// </summary>
public static class SessionEndings
{
    public static SessionEndGroup GroupOf(string ending) => ending switch
    {
        ReasonNames.Normal => SessionEndGroup.Normal,
        ReasonNames.TakenOver => SessionEndGroup.TakenOver,
        ReasonNames.Discarded => SessionEndGroup.Discarded,
        ReasonNames.Kicked => SessionEndGroup.Kicked,
        ReasonNames.NotAuthorized => SessionEndGroup.NotAuthorized,
        SessionTimeline.Open => SessionEndGroup.Open,
        SessionTimeline.Superseded => SessionEndGroup.Superseded,
        _ when ReasonCatalog.IsTransport(ending) => SessionEndGroup.Transport,
        _ => SessionEndGroup.Other,
    };

    /// <summary>The bar colour; readable on both the light and the dark theme.</summary>
    public static string ColorOf(SessionEndGroup group) => group switch
    {
        SessionEndGroup.Normal => "#2e7d32",
        SessionEndGroup.TakenOver => "#ef6c00",
        SessionEndGroup.Discarded => "#8e24aa",
        SessionEndGroup.Transport => "#e53935",
        SessionEndGroup.Kicked => "#78909c",
        SessionEndGroup.NotAuthorized => "#8b1a1a",
        SessionEndGroup.Superseded => "#bcaaa4",
        SessionEndGroup.Open => "#1e88e5",
        _ => "#6d4c41",
    };

    public static string ColorOf(string ending) => ColorOf(GroupOf(ending));

    /// <summary>The legend's words for a group.</summary>
    public static string LabelOf(SessionEndGroup group) => group switch
    {
        SessionEndGroup.Normal => "normal",
        SessionEndGroup.TakenOver => "taken over",
        SessionEndGroup.Discarded => "discarded",
        SessionEndGroup.Transport => "connection lost (tcp_closed, keepalive_timeout, …)",
        SessionEndGroup.Kicked => "kicked",
        SessionEndGroup.NotAuthorized => "not authorized",
        SessionEndGroup.Superseded => "no disconnect seen",
        SessionEndGroup.Open => "open",
        _ => "other reason",
    };

    /// <summary>What an ending means, for tooltips: the reason's explanation, or ours for the timeline's own words.</summary>
    public static string? Explain(string ending) => ending switch
    {
        SessionTimeline.Open => "Still connected, or its disconnect is not in this range.",
        SessionTimeline.Superseded => "No disconnect was recorded; the next connection of this client ID replaced it.",
        SessionTimeline.NoReason => "The disconnect event carried no reason.",
        _ => ReasonCatalog.Explain(ending),
    };
}
