using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dashboard.Demo.Api;
using Dashboard.Emqx;
using Dashboard.Emqx.Setup;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// The recorded EMQX 5.8.9 rule, connector and action bodies (tests/Fixtures/emqx) against the
/// setup's reading of them and the demo API's answers: a second run sees its own resources as
/// unchanged (except the redacted secret), errors keep EMQX's code and message, and the demo
/// answers with the same fields as EMQX.
/// </summary>
public sealed class EmqxSetupContractTests
{
    private static readonly EmqxSetupPlan HttpPlan = EmqxSetupPlanBuilder.Build(
        new EmqxSetupRequest(EmqxSetupMode.Http, "emqx/client_events", "http://dashboard:5000"), "5.8.9", "webhook-secret-for-tests", mask: false);

    private static readonly EmqxSetupPlan RepublishPlan = EmqxSetupPlanBuilder.Build(
        new EmqxSetupRequest(EmqxSetupMode.Republish, "emqx/client_events", null), "5.8.9", null, mask: false);

    [Fact]
    public void Emqxs_answer_with_defaults_filled_in_counts_as_unchanged()
    {
        Assert.True(EmqxSetupService.Contains(Fixture("rule_republish_response.json"), RepublishPlan.Steps[0].UpdateBody));
        Assert.True(EmqxSetupService.Contains(Fixture("connector_http_response.json"), HttpPlan.Steps[0].UpdateBody));
    }

    [Fact]
    public void A_redacted_secret_or_another_topic_counts_as_a_change()
    {
        Assert.False(EmqxSetupService.Contains(Fixture("action_http_response.json"), HttpPlan.Steps[1].UpdateBody));
        var other = EmqxSetupPlanBuilder.Build(new EmqxSetupRequest(EmqxSetupMode.Republish, "other/topic", null), "5.8.9", null, mask: false);
        Assert.False(EmqxSetupService.Contains(Fixture("rule_republish_response.json"), other.Steps[0].UpdateBody));
        var listed = Fixture("rules_list_response.json")["data"]![0]!;
        Assert.False(EmqxSetupService.Contains(listed, HttpPlan.Steps[2].UpdateBody), "5.10's event names differ from the 5.8 plan's");
        Assert.Equal("http:connection_dashboard", (string?)listed["actions"]![0]);
        Assert.Equal(new DateTimeOffset(2025, 6, 10, 10, 30, 0, 125, TimeSpan.Zero), DateTimeOffset.Parse((string)listed["created_at"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("error_rule_not_found.json", 404, "NOT_FOUND", "Rule Id Not Found")]
    [InlineData("error_rule_id_exists.json", 400, "BAD_REQUEST", "rule id already exists")]
    [InlineData("error_connector_exists.json", 400, "ALREADY_EXISTS", "connector already exists")]
    [InlineData("error_connector_not_found.json", 404, "NOT_FOUND", "Connector lookup failed")]
    [InlineData("error_action_not_found.json", 404, "NOT_FOUND", "Bridge lookup failed")]
    [InlineData("error_action_in_use.json", 400, "BAD_REQUEST", "Cannot delete action")]
    public async Task Error_bodies_keep_emqxs_code_and_message(string file, int status, string code, string message)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(Fixture(file).ToJsonString(), Encoding.UTF8, "application/json") };

        var error = await Assert.ThrowsAsync<EmqxApiException>(() => EmqxApiClient.EnsureSuccessAsync(response, CancellationToken.None));

        Assert.Equal((status, code), (error.StatusCode, error.Code));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_answers_with_the_fields_emqx_answers_with()
    {
        var rules = new DemoRuleStore(null, TimeProvider.System);
        var connectors = new DemoBridgeStore("connector", "emqx@172.18.0.2", null, rules);
        var actions = new DemoBridgeStore("bridge", "emqx@172.18.0.2", connectors, rules);

        var connector = connectors.Create((JsonObject)Fixture("connector_http_request.json"));
        var action = actions.Create((JsonObject)Fixture("action_http_request.json"));
        rules.Create((JsonObject)HttpPlan.Steps[2].CreateBody.DeepClone());
        var rule = rules.Create(Renamed((JsonObject)Fixture("rule_republish_request.json")));

        Assert.Equal((201, 201, 201), (connector.Status, action.Status, rule.Status));
        AssertSameFields(Fixture("connector_http_response.json"), connector.Body!);
        AssertSameFields(Fixture("rule_republish_response.json"), rule.Body!);
        AssertSameFields(Fixture("action_http_response.json"), actions.Get("http:connection_dashboard").Body!);
        Assert.Equal("******", (string?)actions.Get("http:connection_dashboard").Body!["parameters"]!["headers"]!["authorization"]);
        Assert.Equal(Fixture("error_connector_exists.json").ToJsonString(), connectors.Create((JsonObject)Fixture("connector_http_request.json")).Body!.ToJsonString());
        Assert.Equal(Fixture("error_action_in_use.json").ToJsonString(), actions.Delete("http:connection_dashboard").Body!.ToJsonString());
        Assert.Equal(Fixture("error_rule_not_found.json").ToJsonString(), rules.Get("nope").Body!.ToJsonString());
        Assert.Equal((204, 204), (rules.Delete(EmqxSetupPlanBuilder.RuleId).Status, actions.Delete("http:connection_dashboard").Status));
        Assert.Equal(Fixture("error_action_not_found.json").ToJsonString(), actions.Get("http:connection_dashboard").Body!.ToJsonString());
        Assert.Equal(204, connectors.Delete("http:connection_dashboard").Status);
        Assert.Equal(Fixture("error_connector_not_found.json").ToJsonString(), connectors.Update("http:connection_dashboard", []).Body!.ToJsonString());
    }

    /// <summary>The republish rule under another ID, so that both fixtures' rules fit in one store.</summary>
    private static JsonObject Renamed(JsonObject rule)
    {
        rule["id"] = "republish_copy";
        return rule;
    }

    /// <summary>The same property names at every level of objects (values may differ: times, nodes).</summary>
    private static void AssertSameFields(JsonNode expected, JsonNode actual)
    {
        if (expected is JsonObject e && actual is JsonObject a)
        {
            Assert.Equal(e.Select(p => p.Key).Order(StringComparer.Ordinal), a.Select(p => p.Key).Order(StringComparer.Ordinal));
            foreach (var (key, value) in e)
            {
                AssertSameFields(value!, a[key]!);
            }
        }
        else if (expected is JsonArray ea && actual is JsonArray aa && ea.Count > 0 && aa.Count > 0)
        {
            AssertSameFields(ea[0]!, aa[0]!);
        }
    }

    private static JsonNode Fixture(string name) => EmqxSetupPlanTests.Fixture(name);
}
