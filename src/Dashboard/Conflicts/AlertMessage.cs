using System.Globalization;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Core.Actions;
using Dashboard.Core.Conflicts;

namespace Dashboard.Conflicts;

/// <summary>
/// What a chat alert says, before it is written in Slack's or Teams' markup: what happened, to which
/// client (or, for an incident, which scope), how many times, and where to look. <see cref="Subject"/> and
/// <see cref="Facts"/> values are attacker-written (client IDs, usernames, reasons): each format escapes them.
/// </summary>
/// <param name="Headline">Ours: e.g. "Client ID conflict opened".</param>
/// <param name="Resolved">A resolved notice (shown as such), not a problem.</param>
/// <param name="SubjectLabel">Ours: "Client" or the incident's scope label.</param>
/// <param name="Subject">The client ID, or the incident's scope.</param>
/// <param name="Facts">Label (ours) and value (attacker-written) pairs: count, peers, usernames, ...</param>
/// <param name="Link">The drill-down (or the Conflicts page for an incident); null without <see cref="AlertOptions.DashboardUrl"/>.</param>
internal sealed record AlertMessage(string Headline, bool Resolved, string SubjectLabel, string Subject, IReadOnlyList<(string Label, string Value)> Facts, Uri? Link)
{
    /// <summary>Lists in a message are cut to a few, like the pages'.</summary>
    private const int MaxListed = 3;

    public static AlertMessage Of(string alertEvent, Finding finding, Uri? dashboard) => new(
        $"{FindingTexts.Title(finding.Kind)} {Verb(alertEvent)}",
        alertEvent == AcknowledgementBook.Resolved,
        "Client",
        finding.ClientId,
        [
            ("Count", Number(finding.Count)),
            ("Peers", PeerGroups.Text(finding)),
            .. finding.Usernames.Count > 0 ? [("Usernames", Listed(finding.Usernames))] : Array.Empty<(string, string)>(),
            ("Severity", finding.Severity.ToString().ToLowerInvariant()),
        ],
        dashboard is null ? null : new Uri(dashboard, ClientLinks.Detail(finding.ClientId)));

    public static AlertMessage Of(string alertEvent, Incident incident, Uri? dashboard) => new(
        $"{FindingTexts.Title(incident.Kind)} {Verb(alertEvent)}",
        alertEvent == AcknowledgementBook.Resolved,
        incident.SourceNetwork is not null ? "Network" : incident.SourceIp is not null ? "Address" : "Reason",
        incident.Scope,
        [
            ("Count", Number(incident.Count)),
            ("Reason", incident.Reason),
            ("Clients", Listed(incident.ClientIds)),
        ],
        dashboard is null ? null : new Uri(dashboard, "conflicts"));

    /// <summary>The base for links: the configured URL with a trailing slash, so a path base is kept.</summary>
    public static Uri? BaseOf(string? dashboardUrl) =>
        string.IsNullOrWhiteSpace(dashboardUrl) ? null : new Uri(dashboardUrl.EndsWith('/') ? dashboardUrl : dashboardUrl + "/", UriKind.Absolute);

    /// <summary>One line for notifications and clients that show no blocks or cards.</summary>
    public string Summary(Func<string, string> escape) =>
        $"{Headline}: {SubjectLabel.ToLowerInvariant()} {escape(Subject)}, {Facts[0].Value}×";

    private static string Verb(string alertEvent) => alertEvent switch
    {
        AcknowledgementBook.Opened => "opened",
        AcknowledgementBook.Resolved => "resolved",
        AcknowledgementBook.Reopened => "re-opened (acknowledged, but its count has doubled since)",
        _ => alertEvent,
    };

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Listed(IReadOnlyList<string> values) => FindingTexts.Listed(values, MaxListed);
}
