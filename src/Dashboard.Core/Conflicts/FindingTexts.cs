namespace Dashboard.Core.Conflicts;

/// <summary>Names and plain-English explanations for findings and incidents, in one place for review.</summary>
public static partial class FindingTexts
{
    public static string Name(FindingKind kind) => kind switch
    {
        FindingKind.ClientIdConflict => "clientid-conflict",
        FindingKind.ReconnectLoop => "reconnect-loop",
        FindingKind.Flapping => "flapping",
        _ => kind.ToString(),
    };

    /// <summary>The first few of a finding's names (peers, usernames, clients), then how many more: "a, b, c +2 more".</summary>
    public static string Listed(IReadOnlyList<string> values, int shown = 3) => values.Count <= shown
        ? string.Join(", ", values)
        : $"{string.Join(", ", values.Take(shown))} +{(values.Count - shown).ToString(System.Globalization.CultureInfo.InvariantCulture)} more";

    /// <summary>The kind as a heading for people.</summary>
    public static string Title(FindingKind kind) => kind switch
    {
        FindingKind.ClientIdConflict => "Client ID conflict",
        FindingKind.ReconnectLoop => "Reconnect loop",
        _ => "Flapping",
    };

    public static string Meaning(FindingKind kind) => kind switch
    {
        FindingKind.ClientIdConflict =>
            "Connections from different IP addresses keep taking this client ID's session from each other. " +
            "Most likely two or more devices were given the same client ID, and each one's auto-reconnect " +
            "kicks the other out.",
        FindingKind.ReconnectLoop =>
            "The same device keeps opening a new connection (a new source port each time) while its previous " +
            "connection is still alive, so the broker closes the old one. Its connection logic does not notice " +
            "the session it already has. On some cellular or IoT modules the IP address changes as well.",
        FindingKind.Flapping =>
            "Sessions keep ending after a short time because the connection dropped (closed socket, keepalive " +
            "timeout, reset). The network path or the device is unstable.",
        _ => string.Empty,
    };

    public static string Advice(FindingKind kind) => kind switch
    {
        FindingKind.ClientIdConflict =>
            "Give each device a unique client ID (for example derived from its serial number or MAC address).",
        FindingKind.ReconnectLoop =>
            "Review the client's connection logic: reuse the existing connection, or disconnect cleanly and wait " +
            "for the old connection to close before connecting again.",
        FindingKind.Flapping =>
            "Check the device's network (signal, NAT or firewall idle timeouts), its keepalive setting and its " +
            "power supply.",
        _ => string.Empty,
    };

    /// <summary>The line a finding's evidence gets for the server_busy refusals it counted.</summary>
    public static string? RefusalEvidence(int refusedConnects) => refusedConnects switch
    {
        <= 0 => null,
        1 => "1 connect refused with server_busy (THROTTLED) while the previous session was still being cleaned up.",
        _ => $"{refusedConnects.ToString(System.Globalization.CultureInfo.InvariantCulture)} connects refused with server_busy (THROTTLED) while the previous session was still being cleaned up.",
    };
}
