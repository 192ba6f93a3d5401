using System.Globalization;
using System.Text.Json.Nodes;

namespace Dashboard.Emqx.Setup;

/// <summary>
/// Builds exactly the bodies the one-click setup sends to EMQX's <c>/rules</c>, <c>/connectors</c>
/// and <c>/actions</c> (shapes from EMQX 5.8.9's schemas, see tests/Fixtures/emqx/README.md). The
/// names are fixed, so a second run finds and updates what the first created. The page shows the
/// same plan built with the secret masked.
/// </summary>
public static class EmqxSetupPlanBuilder
{
    /// <summary>The rule's fixed ID (EMQX rule IDs are free strings; this one is ours).</summary>
    public const string RuleId = "connection_dashboard_events";

    /// <summary>The HTTP connector's and action's name (EMQX names: a letter or digit, then letters, digits, '_' or '-').</summary>
    public const string BridgeName = "connection_dashboard";

    /// <summary>The connector and action type of EMQX's HTTP server integration.</summary>
    public const string BridgeType = "http";

    public const string DefaultRepublishTopic = "emqx/client_events";

    /// <summary>What replaces the webhook secret in a plan that is shown.</summary>
    public const string SecretMask = "******";

    public const string Description = "Created by the Connection Dashboard: client connected and disconnected events for the dashboard.";

    /// <summary>The event topics of every EMQX 5.x (5.10 and later also know <c>$events/client/connected</c>).</summary>
    public static readonly IReadOnlyList<string> UnderscoreEventTopics = ["$events/client_connected", "$events/client_disconnected"];

    /// <summary>The names EMQX 5.10 added; it still accepts the underscore names.</summary>
    public static readonly IReadOnlyList<string> SlashEventTopics = ["$events/client/connected", "$events/client/disconnected"];

    /// <summary>
    /// The refused-connection events (every CONNACK, every authentication result) before 5.10. 5.8.9
    /// accepts <c>$events/client_check_authn_complete</c> in FROM although its event list omits it (FACTS §5.3).
    /// </summary>
    public static readonly IReadOnlyList<string> UnderscoreRefusedTopics = ["$events/client_connack", "$events/client_check_authn_complete"];

    /// <summary>The same under the names EMQX 5.10 added (it keeps the old ones too).</summary>
    public static readonly IReadOnlyList<string> SlashRefusedTopics = ["$events/client/connack", "$events/auth/check_authn_complete"];

    public const string UnderscoreAuthorizationTopic = "$events/client_check_authz_complete";

    public const string SlashAuthorizationTopic = "$events/auth/check_authz_complete";

    public static string BridgeId => BridgeType + ":" + BridgeName;

    /// <summary>
    /// The plan for <paramref name="request"/> against EMQX <paramref name="brokerVersion"/> (null
    /// when unknown: the names every 5.x knows). <paramref name="webhookSecret"/> goes into the HTTP
    /// action's header, or <see cref="SecretMask"/> when <paramref name="mask"/> is set.
    /// </summary>
    public static EmqxSetupPlan Build(EmqxSetupRequest request, string? brokerVersion, string? webhookSecret, bool mask)
    {
        ArgumentNullException.ThrowIfNull(request);
        var topics = EventTopicsFor(brokerVersion, request.RefusedConnections, request.AuthorizationChecks);
        var sql = "SELECT * FROM " + string.Join(", ", topics.Select(t => "\"" + t + "\""));
        var steps = new List<EmqxSetupStep>();
        string? webhookUrl = null;
        JsonNode action;
        if (request.Mode == EmqxSetupMode.Http)
        {
            webhookUrl = WebhookUrl(request.DashboardUrl ?? throw new ArgumentException("HTTP mode needs the dashboard's URL.", nameof(request)));
            var secret = mask ? SecretMask : webhookSecret ?? throw new ArgumentException("HTTP mode needs the webhook secret.", nameof(webhookSecret));
            steps.Add(ConnectorStep(webhookUrl));
            steps.Add(ActionStep(secret));
            action = JsonValue.Create(BridgeId);
        }
        else
        {
            action = new JsonObject
            {
                ["function"] = "republish",
                ["args"] = new JsonObject
                {
                    ["topic"] = request.RepublishTopic,
                    ["qos"] = 1,
                    // The defaults are ${qos} and ${retain}: client events have neither column.
                    ["retain"] = false,
                    // The whole selected row as JSON; the default ${payload} would send "undefined".
                    ["payload"] = "${.}",
                },
            };
        }

        steps.Add(RuleStep(sql, action));
        return new EmqxSetupPlan(
            request.Mode,
            brokerVersion,
            topics,
            request.Mode == EmqxSetupMode.Republish ? request.RepublishTopic : null,
            webhookUrl,
            mask,
            steps);
    }

    /// <summary>5.10 and later (and any 6.x) get the new names; older, unknown or unreadable versions the ones all 5.x know.</summary>
    public static IReadOnlyList<string> EventTopicsFor(string? brokerVersion) => EventTopicsFor(brokerVersion, refusedConnections: false, authorizationChecks: false);

    /// <summary>Connects and disconnects, then the refused-connection events and the authorization checks when chosen, named for the version.</summary>
    public static IReadOnlyList<string> EventTopicsFor(string? brokerVersion, bool refusedConnections, bool authorizationChecks)
    {
        bool slash = ParseVersion(brokerVersion) is var (major, minor) && (major > 5 || (major == 5 && minor >= 10));
        var topics = new List<string>(slash ? SlashEventTopics : UnderscoreEventTopics);
        if (refusedConnections)
        {
            topics.AddRange(slash ? SlashRefusedTopics : UnderscoreRefusedTopics);
        }

        if (authorizationChecks)
        {
            topics.Add(slash ? SlashAuthorizationTopic : UnderscoreAuthorizationTopic);
        }

        return topics;
    }

    /// <summary>The webhook's full URL under the dashboard's base URL (which may have a path of its own).</summary>
    public static string WebhookUrl(string dashboardUrl) => dashboardUrl.TrimEnd('/') + Api.WebhookApi.Path;

    /// <summary>"5.8.9", "e5.10.4" or "5.10.0-rc.1" → (5, 8) or (5, 10); null when it is none of these.</summary>
    public static (int Major, int Minor)? ParseVersion(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return null;
        }

        var parts = version.TrimStart('v', 'V', 'e', 'E').Split('.', 3);
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray()), NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? (major, minor)
            : null;
    }

    private static EmqxSetupStep ConnectorStep(string url)
    {
        JsonObject Body() => new()
        {
            ["enable"] = true,
            ["description"] = Description,
            ["url"] = url,
        };

        var create = Body();
        create.Insert(0, "type", BridgeType);
        create.Insert(1, "name", BridgeName);
        return new EmqxSetupStep("connector", BridgeId, "connectors", "connectors/" + Uri.EscapeDataString(BridgeId), create, Body());
    }

    private static EmqxSetupStep ActionStep(string secret)
    {
        JsonObject Body() => new()
        {
            ["enable"] = true,
            ["connector"] = BridgeName,
            ["description"] = Description,
            ["parameters"] = new JsonObject
            {
                ["method"] = "post",
                // Headers given here replace the action's defaults, so the content type is restated.
                ["headers"] = new JsonObject
                {
                    ["content-type"] = "application/json",
                    ["authorization"] = "Bearer " + secret,
                },
                // No body: EMQX then sends the selected row as JSON, one event per request.
            },
        };

        var create = Body();
        create.Insert(0, "type", BridgeType);
        create.Insert(1, "name", BridgeName);
        return new EmqxSetupStep("action", BridgeId, "actions", "actions/" + Uri.EscapeDataString(BridgeId), create, Body());
    }

    private static EmqxSetupStep RuleStep(string sql, JsonNode action)
    {
        JsonObject Body() => new()
        {
            ["name"] = RuleId,
            ["sql"] = sql,
            ["actions"] = new JsonArray(action.DeepClone()),
            ["enable"] = true,
            ["description"] = Description,
        };

        var create = Body();
        create.Insert(0, "id", RuleId);
        return new EmqxSetupStep("rule", RuleId, "rules", "rules/" + Uri.EscapeDataString(RuleId), create, Body());
    }
}
