using Dashboard.Core.Reasons;

namespace Dashboard.Core.Conflicts;

/// <summary>The incidents' names and explanations; a refused-connections incident explains its reason code.</summary>
public static partial class FindingTexts
{
    /// <summary>The kind as shown in metrics and audit targets.</summary>
    public static string Name(IncidentKind kind) => kind switch
    {
        IncidentKind.MassDisconnect => "mass-disconnect",
        IncidentKind.AuthFailureBurst => "auth-failure-burst",
        IncidentKind.RefusedConnections => "refused-connections",
        _ => kind.ToString(),
    };

    /// <summary>The kind as a heading for people.</summary>
    public static string Title(IncidentKind kind) => kind switch
    {
        IncidentKind.MassDisconnect => "Mass disconnect",
        IncidentKind.AuthFailureBurst => "Auth failures",
        IncidentKind.RefusedConnections => "Refused connections",
        _ => kind.ToString(),
    };

    /// <param name="reason">The incident's reason (its refusal code for refused connections).</param>
    /// <param name="fromNetwork">An auth burst from several addresses of one network rather than one address.</param>
    public static string Meaning(IncidentKind kind, string reason, bool fromNetwork = false) => kind switch
    {
        IncidentKind.MassDisconnect =>
            "Many clients lost their connection for the same reason within seconds: a network outage, a load " +
            "balancer or broker node restart, or a change on the broker.",
        IncidentKind.AuthFailureBurst when fromNetwork =>
            "Several addresses of one network keep failing authentication: a site whose devices or gateways " +
            "all have wrong or rotated credentials, or a scan guessing passwords from that network.",
        IncidentKind.AuthFailureBurst =>
            "One source address keeps failing authentication: a misconfigured device or gateway with wrong " +
            "credentials, or someone guessing passwords.",
        IncidentKind.RefusedConnections =>
            $"Many different clients were refused with {reason} within minutes: a fleet-wide change, not one " +
            $"broken device. {ReasonCatalog.DescribeRefusal(reason).Explanation}",
        _ => string.Empty,
    };

    public static string Advice(IncidentKind kind, string reason) => kind switch
    {
        IncidentKind.MassDisconnect =>
            "Look at the nodes and networks listed: one node points at the broker, one network at the path to it.",
        IncidentKind.AuthFailureBurst =>
            "Find the device(s) behind the addresses listed and fix their credentials; block the addresses if they are not yours.",
        IncidentKind.RefusedConnections =>
            $"Ask what changed on the broker or the devices just before the first refusal. {ReasonCatalog.DescribeRefusal(reason).Advice}",
        _ => string.Empty,
    };
}
