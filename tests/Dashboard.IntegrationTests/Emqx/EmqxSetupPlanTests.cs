using System.Text.Json.Nodes;
using Dashboard.Emqx.Setup;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Emqx;

/// <summary>The exact bodies per mode and EMQX version, pinned to the recorded request fixtures, with the secret only where it belongs.</summary>
public sealed class EmqxSetupPlanTests
{
    private const string Secret = "webhook-secret-for-tests";

    private static readonly EmqxSetupRequest Republish = new(EmqxSetupMode.Republish, "emqx/client_events", null);

    private static readonly EmqxSetupRequest Http = new(EmqxSetupMode.Http, "emqx/client_events", "http://dashboard:5000/");

    [Fact]
    public void Republish_mode_is_one_rule_whose_body_is_the_recorded_request()
    {
        var plan = EmqxSetupPlanBuilder.Build(Republish, "5.8.9", null, mask: false);

        var rule = Assert.Single(plan.Steps);
        Assert.Equal(("rule", "rules", "rules/connection_dashboard_events"), (rule.Resource, rule.CollectionPath, rule.ResourcePath));
        AssertJsonEqual(Fixture("rule_republish_request.json"), rule.CreateBody);
        Assert.Null(rule.UpdateBody["id"]);
        Assert.Equal("emqx/client_events", plan.RepublishTopic);
    }

    [Fact]
    public void Http_mode_is_connector_action_and_rule_with_the_recorded_bodies_and_the_secret_in_the_header()
    {
        var plan = EmqxSetupPlanBuilder.Build(Http, "5.8.9", Secret, mask: false);

        Assert.Equal(["connector http:connection_dashboard", "action http:connection_dashboard", "rule connection_dashboard_events"], plan.Steps.Select(s => $"{s.Resource} {s.Id}"));
        AssertJsonEqual(Fixture("connector_http_request.json"), plan.Steps[0].CreateBody);
        AssertJsonEqual(Fixture("action_http_request.json"), plan.Steps[1].CreateBody);
        Assert.Equal("actions/http%3Aconnection_dashboard", plan.Steps[1].ResourcePath);
        Assert.Equal(new JsonArray("http:connection_dashboard").ToJsonString(), plan.Steps[2].CreateBody["actions"]!.ToJsonString());
        Assert.Null(plan.Steps[0].UpdateBody["type"]);
        Assert.Null(plan.Steps[1].UpdateBody["name"]);
        Assert.Equal("http://dashboard:5000/api/ingest/emqx", plan.WebhookUrl);
        Assert.Null(plan.RepublishTopic);
    }

    [Fact]
    public void The_plan_for_display_masks_the_secret_and_holds_it_nowhere()
    {
        var shown = EmqxSetupPlanBuilder.Build(Http, "5.8.9", null, mask: true);

        var text = string.Join("\n", shown.Steps.SelectMany(s => new[] { s.CreateBody.ToJsonString(), s.UpdateBody.ToJsonString() }));
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Equal("Bearer ******", (string?)shown.Steps[1].UpdateBody["parameters"]!["headers"]!["authorization"]);
        Assert.True(shown.Masked);
    }

    [Theory]
    [InlineData(null, "$events/client_connected")]
    [InlineData("", "$events/client_connected")]
    [InlineData("5.0.0", "$events/client_connected")]
    [InlineData("5.8.9", "$events/client_connected")]
    [InlineData("e5.9.3", "$events/client_connected")]
    [InlineData("5.10.0", "$events/client/connected")]
    [InlineData("e5.10.4", "$events/client/connected")]
    [InlineData("5.10.0-rc.1", "$events/client/connected")]
    [InlineData("6.0.0", "$events/client/connected")]
    [InlineData("not a version", "$events/client_connected")]
    public void The_event_topics_follow_the_version(string? version, string connected)
    {
        var plan = EmqxSetupPlanBuilder.Build(Republish, version, null, mask: false);

        Assert.Equal(connected, plan.EventTopics[0]);
        Assert.Equal("SELECT * FROM " + string.Join(", ", plan.EventTopics.Select(t => $"\"{t}\"")), (string?)plan.Steps[0].CreateBody["sql"]);
    }

    [Theory]
    [InlineData("5.8.9", false, false, "$events/client_connected $events/client_disconnected")]
    [InlineData("5.8.9", true, false, "$events/client_connected $events/client_disconnected $events/client_connack $events/client_check_authn_complete")]
    [InlineData("5.8.9", true, true, "$events/client_connected $events/client_disconnected $events/client_connack $events/client_check_authn_complete $events/client_check_authz_complete")]
    [InlineData("5.8.9", false, true, "$events/client_connected $events/client_disconnected $events/client_check_authz_complete")]
    [InlineData(null, true, true, "$events/client_connected $events/client_disconnected $events/client_connack $events/client_check_authn_complete $events/client_check_authz_complete")]
    [InlineData("e5.10.4", true, true, "$events/client/connected $events/client/disconnected $events/client/connack $events/auth/check_authn_complete $events/auth/check_authz_complete")]
    [InlineData("e5.10.4", false, false, "$events/client/connected $events/client/disconnected")]
    public void Refused_connections_and_authorization_checks_add_their_events_under_the_versions_names(string? version, bool refused, bool authz, string topics)
    {
        var request = Republish with { RefusedConnections = refused, AuthorizationChecks = authz };

        var plan = EmqxSetupPlanBuilder.Build(request, version, null, mask: false);

        Assert.Equal(topics.Split(' '), plan.EventTopics);
        Assert.Equal("SELECT * FROM " + string.Join(", ", topics.Split(' ').Select(t => $"\"{t}\"")), (string?)plan.Steps[0].CreateBody["sql"]);
    }

    [Fact]
    public void Refused_connections_are_on_and_authorization_checks_off_by_default()
    {
        var request = new EmqxSetupRequest(EmqxSetupMode.Republish, "emqx/client_events", null);

        Assert.Equal((true, false), (request.RefusedConnections, request.AuthorizationChecks));
    }

    [Theory]
    [InlineData("emqx/client_events", null)]
    [InlineData("", "topic")]
    [InlineData("a/+/b", "topic")]
    [InlineData("a/#", "topic")]
    [InlineData("$SYS/x", "topic")]
    [InlineData("has space", "topic")]
    public void Republish_topics_are_checked(string topic, string? field)
    {
        var errors = EmqxSetupValidation.Check(new EmqxSetupRequest(EmqxSetupMode.Republish, topic, null), webhookOn: false);

        Assert.Equal(field is null ? [] : [field], errors.Keys);
    }

    [Theory]
    [InlineData("http://dashboard:5000", true, new string[0])]
    [InlineData("https://dash.example/base/", true, new string[0])]
    [InlineData("dashboard:5000", true, new[] { "url" })]
    [InlineData("ftp://dashboard", true, new[] { "url" })]
    [InlineData("/relative", true, new[] { "url" })]
    [InlineData("http://user:pw@dashboard", true, new[] { "url" })]
    [InlineData("http://dashboard/?q=1", true, new[] { "url" })]
    [InlineData("http://dashboard:5000", false, new[] { "mode" })]
    public void Http_urls_and_the_webhook_are_checked(string url, bool webhookOn, string[] fields)
    {
        var errors = EmqxSetupValidation.Check(new EmqxSetupRequest(EmqxSetupMode.Http, "emqx/client_events", url), webhookOn);

        Assert.Equal(fields, errors.Keys.Order(StringComparer.Ordinal));
    }

    internal static JsonNode Fixture(string name) => JsonNode.Parse(Fixtures.Read(name))!;

    private static void AssertJsonEqual(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nactual   {actual.ToJsonString()}");
}
