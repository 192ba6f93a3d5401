namespace Dashboard.Conflicts;

/// <summary>Where to POST findings as they open and resolve, and in which format. Section <c>Alerts</c>; off when <see cref="Url"/> is empty.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    public const string Json = "json";
    public const string Slack = "slack";
    public const string Teams = "teams";

    /// <summary>
    /// An absolute http(s) URL that receives, with <see cref="Format"/> json, <c>{ "event": "opened"|"resolved"|"reopened", "finding": … }</c>
    /// for a finding, or <c>{ "event": …, "incident": … }</c> for a fleet incident; with slack or teams, a message for people.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>
    /// <c>json</c> (the default: the finding or incident as <c>/api/conflicts</c> has it), <c>slack</c> (a Slack
    /// incoming-webhook message) or <c>teams</c> (an Adaptive Card for a Teams Workflows or incoming webhook).
    /// </summary>
    public string Format { get; set; } = Json;

    /// <summary>
    /// The dashboard's public base URL (e.g. <c>https://ops.example.com/dashboard/</c>), for the link to the
    /// drill-down in slack and teams messages; without it they carry no link.
    /// </summary>
    public string? DashboardUrl { get; set; }

    public static bool IsKnownFormat(string? format) =>
        format is not null && (format.Equals(Json, StringComparison.OrdinalIgnoreCase)
            || format.Equals(Slack, StringComparison.OrdinalIgnoreCase)
            || format.Equals(Teams, StringComparison.OrdinalIgnoreCase));
}
