using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dashboard.Demo;
using Dashboard.Emqx.Setup;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MQTTnet;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// The setup's "also refused connections" and "also authorization checks" choices, through the
/// dashboard's API against the demo's own EMQX API and embedded broker: the plan shows the events,
/// the demo's rule store takes the SQL and republishes those events to the rule's topic, and the
/// self-test still passes.
/// </summary>
public sealed class EmqxSetupRefusedTests : IAsyncLifetime
{
    private readonly DashboardApp _app = new(DashboardApp.DemoSettings(FreePort.Next()));
    private readonly IMqttClient _listener = new MqttClientFactory().CreateMqttClient();
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        await _app.StartAsync();
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _listener.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_plan_has_refused_connections_by_default_and_each_choice_on_request()
    {
        var byDefault = await PlanTopicsAsync("mode=republish");
        var both = await PlanTopicsAsync("mode=republish&refused=true&authz=true");
        var neither = await PlanTopicsAsync("mode=republish&refused=false&authz=false");
        var bad = await _http.GetAsync("/api/emqx/setup/plan?mode=republish&refused=maybe");

        Assert.Equal(["$events/client_connected", "$events/client_disconnected", "$events/client_connack", "$events/client_check_authn_complete"], byDefault);
        Assert.Equal([.. byDefault, "$events/client_check_authz_complete"], both);
        Assert.Equal(["$events/client_connected", "$events/client_disconnected"], neither);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["refused"]);
    }

    [Fact]
    public async Task With_both_choices_the_demo_rule_republishes_refusals_and_denials_and_the_self_test_passes()
    {
        var setup = await _http.PostAsJsonAsync("/api/emqx/setup", new { mode = "republish", refused = true, authz = true });
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        var seen = await ListenAsync(EmqxSetupPlanBuilder.DefaultRepublishTopic);

        // A refused CONNECT and a denied publish, as devices would make them.
        var port = _app.Services.GetRequiredService<IOptions<DemoOptions>>().Value.BrokerPort;
        using var refused = new MqttClientFactory().CreateMqttClient();
        var result = await refused.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("rotated-1").WithCredentials("device", "wrong-password").Build());
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result.ResultCode);
        using var denied = new MqttClientFactory().CreateMqttClient();
        await denied.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("acl-1").Build());
        await denied.PublishStringAsync("forbidden/valve", "open");

        var rows = await Eventually.HoldsAsync(
            () => Task.FromResult(seen.ToArray()),
            all => all.Count(r => (string?)r["clientid"] == "rotated-1") == 2 && all.Any(r => (string?)r["event"] == "client.check_authz_complete"),
            "the refusal's and the denial's rows are republished to the rule's topic");
        Assert.Equal(
            ["client.check_authn_complete bad_username_or_password", "client.connack bad_username_or_password"],
            rows.Where(r => (string?)r["clientid"] == "rotated-1").Select(r => $"{r["event"]} {r["reason_code"]}"));
        Assert.Equal("acl-1 forbidden/valve deny", rows.Where(r => (string?)r["event"] == "client.check_authz_complete").Select(r => $"{r["clientid"]} {r["topic"]} {r["result"]}").Single());

        var report = (await (await _http.PostAsync("/api/emqx/selftest", null)).Content.ReadFromJsonAsync<EmqxSelfTestReport>(DashboardApp.Json))!;
        Assert.True(report.Passed, string.Join("; ", report.Steps.Select(s => $"{s.Name} {s.Outcome}: {s.Detail}")));
        Assert.Equal(["rule pass", "probe pass", "connected pass", "disconnected pass", "stored pass"], report.Steps.Select(s => $"{s.Name} {s.Outcome}"));
    }

    private async Task<string[]> PlanTopicsAsync(string query)
    {
        var plan = await _http.GetFromJsonAsync<JsonObject>("/api/emqx/setup/plan?" + query, DashboardApp.Json);
        return [.. plan!["eventTopics"]!.AsArray().Select(t => (string)t!)];
    }

    /// <summary>The test's listener on the embedded broker, collecting the rows on <paramref name="topic"/>.</summary>
    private async Task<ConcurrentQueue<JsonObject>> ListenAsync(string topic)
    {
        var port = _app.Services.GetRequiredService<IOptions<DemoOptions>>().Value.BrokerPort;
        var seen = new ConcurrentQueue<JsonObject>();
        _listener.ApplicationMessageReceivedAsync += e =>
        {
            seen.Enqueue(JsonNode.Parse(e.ApplicationMessage.ConvertPayloadToString())!.AsObject());
            return Task.CompletedTask;
        };
        await _listener.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("listener-" + Guid.NewGuid().ToString("N")[..8]).Build());
        await _listener.SubscribeAsync(topic);
        return seen;
    }
}
