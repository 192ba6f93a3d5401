using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dashboard.Demo;
using Dashboard.Emqx.Setup;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MQTTnet;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// The self-test's probe client against real brokers: the demo's embedded broker and EMQX API
/// (before and after the one-click rule), a plain mosquitto with no REST API (which forwards no
/// client events), and no broker at all.
/// </summary>
public sealed class EmqxSelfTestTests
{
    [Fact]
    public async Task In_demo_mode_before_any_setup_it_passes_on_the_brokers_own_events_and_warns_of_the_missing_rule()
    {
        await using var app = DemoApp();
        await app.StartAsync();
        using var http = app.CreateClient();

        var report = await SelfTestAsync(http);

        Assert.True(report.Passed, Describe(report));
        Assert.Equal(["rule warning", "probe pass", "connected pass", "disconnected pass", "stored pass"], report.Steps.Select(s => $"{s.Name} {s.Outcome}"));
        Assert.StartsWith(EmqxSelfTest.ProbePrefix, report.ProbeClientId, StringComparison.Ordinal);
        Assert.All(report.Steps, s => Assert.InRange(s.ElapsedMs, 0, 15_000));
        Assert.Null(report.Hint);
    }

    [Fact]
    public async Task In_demo_mode_the_one_click_rule_republishes_the_probes_events_and_the_self_test_passes()
    {
        // The demo's own EMQX API (Demo:ApiPort) and embedded broker, as `dotnet run -- --Demo:Enabled true` has them.
        await using var app = DemoApp();
        await app.StartAsync();
        using var http = app.CreateClient();
        var setup = await http.PostAsJsonAsync("/api/emqx/setup", new { mode = "republish" });
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);

        // A listener of its own on the republish topic sees the probe's rows there.
        var brokerPort = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value.BrokerPort;
        using var listener = new MqttClientFactory().CreateMqttClient();
        var seen = new List<string>();
        listener.ApplicationMessageReceivedAsync += e =>
        {
            lock (seen)
            {
                seen.Add(e.ApplicationMessage.ConvertPayloadToString());
            }

            return Task.CompletedTask;
        };
        await listener.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort).WithClientId("republish-listener").Build());
        await listener.SubscribeAsync("emqx/client_events");

        var report = await SelfTestAsync(http);

        Assert.True(report.Passed, Describe(report));
        Assert.Equal(["rule pass", "probe pass", "connected pass", "disconnected pass", "stored pass"], report.Steps.Select(s => $"{s.Name} {s.Outcome}"));
        await Eventually.HoldsAsync(
            () => Task.FromResult(Snapshot(seen)),
            rows => rows.Count(r => r.Contains(report.ProbeClientId, StringComparison.Ordinal)) == 4,
            "the probe's authentication, connect, connack and disconnect rows are republished to emqx/client_events");
    }

    [Fact]
    public async Task Against_mosquitto_with_no_rule_it_fails_on_the_connect_event_says_why_and_runs_at_most_two_at_once()
    {
        await using var broker = new MosquittoBroker();
        await broker.InitializeAsync();
        await using var app = new DashboardApp(broker);
        await app.StartAsync();
        using var http = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, EmqxSelfTest.MaxConcurrent + 1).Select(_ => http.PostAsync("/api/emqx/selftest", null)));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
            responses.Select(r => r.StatusCode).Order());
        var report = (await responses.First(r => r.IsSuccessStatusCode).Content.ReadFromJsonAsync<EmqxSelfTestReport>(DashboardApp.Json))!;
        Assert.False(report.Passed);
        Assert.Equal(["rule skipped", "probe pass", "connected fail", "disconnected fail", "stored fail"], report.Steps.Select(s => $"{s.Name} {s.Outcome}"));
        Assert.Contains("no rule forwards client events", report.Hint, StringComparison.Ordinal);
        Assert.InRange(report.Steps[2].ElapsedMs, EmqxSelfTest.Timeout.TotalMilliseconds, 20_000);
        var audit = await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/api/audit");
        Assert.Equal(2, audit!.Count(r => (string?)r!["action"] == EmqxSelfTest.AuditAction && (string?)r["outcome"] == "failure"));
    }

    [Fact]
    public async Task A_broker_that_is_not_there_fails_at_the_probe()
    {
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        });
        app.StartServer();
        using var http = app.CreateClient();

        var report = await SelfTestAsync(http);

        Assert.False(report.Passed);
        Assert.Equal(["rule skipped", "probe fail"], report.Steps.Select(s => $"{s.Name} {s.Outcome}"));
        Assert.Contains("Mqtt:Host", report.Hint, StringComparison.Ordinal);
    }

    private static DashboardApp DemoApp() => new(DashboardApp.DemoSettings(FreePort.Next()));

    private static async Task<EmqxSelfTestReport> SelfTestAsync(HttpClient http)
    {
        var response = await http.PostAsync("/api/emqx/selftest", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<EmqxSelfTestReport>(DashboardApp.Json))!;
    }

    private static List<string> Snapshot(List<string> seen)
    {
        lock (seen)
        {
            return [.. seen];
        }
    }

    private static string Describe(EmqxSelfTestReport report) =>
        string.Join("; ", report.Steps.Select(s => $"{s.Name} {s.Outcome} {s.ElapsedMs} ms: {s.Detail}")) + " | " + report.Hint;
}
