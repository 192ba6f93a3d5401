using System.Text.Json.Nodes;

namespace Dashboard.Emqx.Setup;

/// <summary>How EMQX hands the client events to the dashboard.</summary>
public enum EmqxSetupMode
{
    /// <summary>A rule with a Republish action to an MQTT topic the dashboard subscribes to.</summary>
    Republish,

    /// <summary>An HTTP connector and action that post each event to <c>/api/ingest/emqx</c>.</summary>
    Http,
}

/// <summary>
/// What the admin chose: the mode, the republish topic, the URL at which EMQX reaches this dashboard
/// (HTTP mode), and which events besides connects and disconnects the rule selects.
/// </summary>
/// <param name="RefusedConnections">
/// Also every CONNACK and authentication result (<c>client_connack</c>, <c>client_check_authn_complete</c>),
/// so refused connections show. On by default: about two more events per connect, and the
/// successes among them are only counted.
/// </param>
/// <param name="AuthorizationChecks">
/// Also every authorization check (<c>client_check_authz_complete</c>): the ACL denials. Off by default:
/// EMQX reports every publish and subscribe check, allowed ones and cache hits included, which on a busy
/// broker is far more than the connection events.
/// </param>
public sealed record EmqxSetupRequest(
    EmqxSetupMode Mode,
    string RepublishTopic,
    string? DashboardUrl,
    bool RefusedConnections = true,
    bool AuthorizationChecks = false);

/// <summary>
/// One resource the setup makes sure of: where it lives (<see cref="ResourcePath"/>, relative to
/// <c>/api/v5/</c>), where a new one is posted (<see cref="CollectionPath"/>), and the exact bodies
/// sent to create it (POST) or to update it (PUT, without the identifying fields).
/// </summary>
public sealed record EmqxSetupStep(string Resource, string Id, string CollectionPath, string ResourcePath, JsonObject CreateBody, JsonObject UpdateBody);

/// <summary>
/// Everything the setup will send, in order (connector, action, rule), for one EMQX version.
/// <see cref="Masked"/> says whether the webhook secret in it was replaced for display.
/// </summary>
public sealed record EmqxSetupPlan(
    EmqxSetupMode Mode,
    string? BrokerVersion,
    IReadOnlyList<string> EventTopics,
    string? RepublishTopic,
    string? WebhookUrl,
    bool Masked,
    IReadOnlyList<EmqxSetupStep> Steps);
