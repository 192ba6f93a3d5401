using System.Globalization;

namespace Dashboard.Core.Conflicts;

/// <summary>
/// A finding's peers as one short line people read at a glance: the IPs grouped with their counts, e.g.
/// <c>127.0.0.2 ×9 ⇄ 127.0.0.3 ×8</c> for two devices taking a client ID from each other, or
/// <c>10.0.0.5 ×16 (new port each time)</c> for one device reconnecting. Used by the Conflicts table,
/// the Overview's findings list and the wallboard.
/// </summary>
public static class PeerGroups
{
    /// <summary>The busiest IPs named; the rest are "+N more".</summary>
    public const int MaxShown = 3;

    public static string Text(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var tallies = finding.PeerIps;
        if (tallies.Count == 0)
        {
            // A finding without tallies (none of its sessions reported an IP) falls back to what it listed.
            return finding.Peers.Count == 0 ? "—" : FindingTexts.Listed(finding.Peers, MaxShown);
        }

        if (tallies.Count == 1)
        {
            return Tally(tallies[0]) + PortNote(tallies[0]) + More(0, finding.OtherPeerSessions);
        }

        // Two devices alternating is the client-ID conflict's signature: the arrow says so.
        var separator = finding.Kind == FindingKind.ClientIdConflict ? " ⇄ " : ", ";
        return string.Join(separator, tallies.Take(MaxShown).Select(Tally)) + More(tallies.Count - MaxShown, finding.OtherPeerSessions);
    }

    private static string Tally(PeerTally tally) => $"{tally.Ip} ×{tally.Sessions.ToString(CultureInfo.InvariantCulture)}";

    private static string PortNote(PeerTally tally) => tally switch
    {
        { Sessions: < 2 } or { Ports: 0 } => string.Empty,
        { Ports: 1 } => " (same port)",
        _ when tally.Ports == tally.Sessions => " (new port each time)",
        { Ports: >= PeerTallies.MaxPorts } => $" ({PeerTallies.MaxPorts.ToString(CultureInfo.InvariantCulture)}+ ports)",
        _ => $" ({tally.Ports.ToString(CultureInfo.InvariantCulture)} ports)",
    };

    /// <summary>"+N more" for further IPs named but not shown, and "+N more sessions" from IPs not told apart.</summary>
    private static string More(int moreIps, int otherSessions)
    {
        var text = moreIps > 0 ? $" +{moreIps.ToString(CultureInfo.InvariantCulture)} more" : string.Empty;
        return otherSessions > 0 ? $"{text} +{otherSessions.ToString(CultureInfo.InvariantCulture)} from other IPs" : text;
    }
}
