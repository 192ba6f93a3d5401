using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Emqx.Setup;
using Dashboard.Options;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// One-click setup through the dashboard's API against a real HTTP server with EMQX's rule-engine
/// shapes, reading a real mosquitto: run twice, it leaves one rule (and one connector and action).
/// </summary>
public sealed class EmqxSetupApiTests : IAsyncLifetime
{
    private readonly MosquittoBroker _broker = new();
    private readonly int _emqxPort = FreePort.Next();
    private FakeEmqxApi? _emqx;
    private DashboardApp? _app;

    public Task InitializeAsync() => _broker.InitializeAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_emqx is not null)
        {
            await _emqx.DisposeAsync();
        }

        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task Republish_setup_run_twice_leaves_one_rule_and_subscribes_to_its_topic()
    {
        using var http = await StartAsync();

        var first = await SetupAsync(http, new { mode = "republish" });
        var second = await SetupAsync(http, new { mode = "republish" });

        Assert.Equal(["rule created"], first.Steps.Select(s => $"{s.Resource} {s.Outcome}"));
        Assert.Equal(["rule unchanged"], second.Steps.Select(s => $"{s.Resource} {s.Outcome}"));
        var rules = await ListAsync("rules");
        var rule = Assert.Single(rules["data"]!.AsArray())!;
        Assert.Equal(EmqxSetupPlanBuilder.RuleId, (string?)rule["id"]);
        Assert.Equal("SELECT * FROM \"$events/client_connected\", \"$events/client_disconnected\", \"$events/client_connack\", \"$events/client_check_authn_complete\"", (string?)rule["sql"]);
        var args = rule["actions"]![0]!["args"]!;
        Assert.Equal(("emqx/client_events", 1, "${.}"), ((string?)args["topic"], (int?)args["qos"], (string?)args["payload"]));
        Assert.Contains("subscribed to emqx/client_events", first.SubscriptionNote, StringComparison.Ordinal);
        Assert.Contains("Mqtt:Topics", first.SubscriptionNote, StringComparison.Ordinal);

        // The topic the rule republishes to now reaches the dashboard, without a restart.
        await using var publisher = await EventPublisher.ConnectAsync(_broker);
        await publisher.PublishAsync("emqx/client_events", Fixtures.Read("client_connected.json"));
        await Eventually.HoldsAsync(() => _app!.GetClientsAsync(), page => page.Items.Any(c => c.ClientId == "sensor-0042" && c.Online), "the republished event is applied");
    }

    [Fact]
    public async Task The_runtime_subscription_is_made_again_after_the_broker_restarts()
    {
        using var http = await StartAsync();
        await SetupAsync(http, new { mode = "republish", topic = "fleet/events" });

        // mosquitto without persistence forgets every session: the dashboard must subscribe afresh.
        await _broker.StopAsync();
        await _broker.StartAsync();
        await _app!.WaitUntilSubscribedAsync();
        await using var publisher = await EventPublisher.ConnectAsync(_broker);
        await Eventually.HoldsAsync(
            async () =>
            {
                await publisher.PublishAsync("fleet/events", Fixtures.Read("client_connected.json"));
                return await _app.GetClientsAsync();
            },
            page => page.Items.Any(c => c.ClientId == "sensor-0042"),
            "an event on the runtime topic is applied after the reconnect");
    }

    [Fact]
    public async Task Http_setup_run_twice_leaves_one_connector_action_and_rule_for_the_given_url()
    {
        using var http = await StartAsync();

        var first = await SetupAsync(http, new { mode = "http", url = "http://dashboard.example:5000" });
        var second = await SetupAsync(http, new { mode = "http", url = "http://dashboard.example:5000" });

        Assert.Equal(["connector created", "action created", "rule created"], first.Steps.Select(s => $"{s.Resource} {s.Outcome}"));
        // EMQX shows the action's Authorization header as ******, so the secret is always sent again.
        Assert.Equal(["connector unchanged", "action updated", "rule unchanged"], second.Steps.Select(s => $"{s.Resource} {s.Outcome}"));
        var connector = Assert.Single((await ListAsync("connectors")).AsArray())!;
        Assert.Equal("http://dashboard.example:5000/api/ingest/emqx", (string?)connector["url"]);
        var action = Assert.Single((await ListAsync("actions")).AsArray())!;
        Assert.Equal("******", (string?)action["parameters"]!["headers"]!["authorization"]);
        Assert.Equal([EmqxSetupPlanBuilder.RuleId], action["rules"]!.AsArray().Select(r => (string?)r));
        var rule = Assert.Single((await ListAsync("rules"))["data"]!.AsArray())!;
        Assert.Equal("http:connection_dashboard", (string?)rule["actions"]![0]);
        Assert.Null(first.SubscriptionNote);
    }

    [Fact]
    public async Task Emqx_5_10_gets_the_new_event_names_in_the_plan_and_the_rule()
    {
        using var http = await StartAsync(version: "5.10.1");

        var plan = await http.GetFromJsonAsync<JsonObject>("/api/emqx/setup/plan?mode=republish", DashboardApp.Json);
        await SetupAsync(http, new { mode = "republish" });

        Assert.Equal("5.10.1", (string?)plan!["brokerVersion"]);
        var rule = Assert.Single((await ListAsync("rules"))["data"]!.AsArray())!;
        Assert.Equal(["$events/client/connected", "$events/client/disconnected", "$events/client/connack", "$events/auth/check_authn_complete"], rule["from"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public async Task The_plan_shows_the_bodies_with_the_webhook_secret_masked()
    {
        using var http = await StartAsync();

        var text = await http.GetStringAsync("/api/emqx/setup/plan?mode=http&url=http://dash:5000");

        Assert.DoesNotContain(DashboardApp.WebhookSecret, text, StringComparison.Ordinal);
        var plan = JsonNode.Parse(text)!;
        Assert.Equal(["connector", "action", "rule"], plan["steps"]!.AsArray().Select(s => (string?)s!["resource"]));
        Assert.Equal("Bearer ******", (string?)plan["steps"]![1]!["createBody"]!["parameters"]!["headers"]!["authorization"]);
        Assert.Equal("http://dash:5000/api/ingest/emqx", (string?)plan["webhookUrl"]);
    }

    [Fact]
    public async Task Bad_choices_are_refused_by_field_before_emqx_is_called()
    {
        using var http = await StartAsync();

        var badUrl = await http.PostAsJsonAsync("/api/emqx/setup", new { mode = "http", url = "ftp://x" });
        var badTopic = await http.PostAsJsonAsync("/api/emqx/setup", new { mode = "republish", topic = "a/#" });
        var badMode = await http.GetAsync("/api/emqx/setup/plan?mode=kafka");

        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        Assert.Contains("http://", (await badUrl.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badTopic.StatusCode);
        Assert.NotNull((await badTopic.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["topic"]);
        Assert.Equal(HttpStatusCode.BadRequest, badMode.StatusCode);
        Assert.Empty((await ListAsync("rules"))["data"]!.AsArray());
    }

    [Fact]
    public async Task Http_mode_is_refused_with_a_clear_message_while_the_webhook_is_off()
    {
        using var http = await StartAsync(extra: new() { ["Webhook:Secret"] = "" });

        var response = await http.PostAsJsonAsync("/api/emqx/setup", new { mode = "http", url = "http://dash:5000" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Webhook:Secret", (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["mode"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_is_409_with_how_to_turn_the_api_on_while_it_is_off()
    {
        _app = new DashboardApp(_broker);
        await _app.StartAsync();
        using var http = _app.CreateClient();

        var response = await http.PostAsJsonAsync("/api/emqx/setup", new { mode = "republish" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(EmqxOptions.HowToTurnOn, (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_emqx_that_does_not_answer_is_a_502_naming_the_failed_step_and_is_audited()
    {
        // Nothing listens on the API's port: the fake is never started.
        _app = new DashboardApp(_broker, FakeEmqxApi.Settings(_emqxPort));
        await _app.StartAsync();
        using var http = _app.CreateClient();

        var response = await http.PostAsJsonAsync("/api/emqx/setup", new { mode = "republish" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("could not be reached", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["broker failed"], problem["steps"]!.AsArray().Select(s => $"{s!["resource"]} {s["outcome"]}"));
        var audit = await http.GetFromJsonAsync<JsonArray>("/api/audit");
        var row = Assert.Single(audit!, r => (string?)r!["action"] == EmqxSetupService.AuditAction)!;
        Assert.Equal("failure", (string?)row["outcome"]);
    }

    private async Task<HttpClient> StartAsync(string version = "5.8.9", Dictionary<string, string?>? extra = null)
    {
        _emqx = await FakeEmqxApi.StartAsync(_emqxPort, version);
        var settings = FakeEmqxApi.Settings(_emqxPort);
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        _app = new DashboardApp(_broker, settings);
        await _app.StartAsync();
        return _app.CreateClient();
    }

    private static async Task<EmqxSetupResult> SetupAsync(HttpClient http, object choice)
    {
        var response = await http.PostAsJsonAsync("/api/emqx/setup", choice);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<EmqxSetupResult>(DashboardApp.Json))!;
    }

    private async Task<JsonNode> ListAsync(string what)
    {
        using var http = _emqx!.CreateClient();
        return JsonNode.Parse(await http.GetStringAsync(what))!;
    }
}
