using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Api;
using Dashboard.Core.Reasons;
using Dashboard.Options;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// Bootstrap and reconcile through the real app against the demo EMQX API over generated clients
/// (<c>device-0000000</c> …), with real events posted to the webhook and history in SQLite.
/// </summary>
public sealed class ReconcileTests : IAsyncLifetime
{
    // Wide enough for the generated clients' connect times (2026-11-28) whenever the tests run.
    private const string AllHistory = "?from=2026-11-01T00:00:00Z&limit=100";

    private readonly string _history = Directory.CreateTempSubdirectory("reconcile-history-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_history, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task At_start_up_the_thousand_clients_already_online_at_the_broker_are_online_here_within_seconds()
    {
        await using var emqx = await DemoApiServer.StartAsync(1000);
        await using var app = StartApp(emqx);

        var online = await Eventually.HoldsAsync(() => app.GetClientsAsync("?pageSize=1000&sort=clientId&order=asc"), page => page.Total == 1000, "all 1,000 are online", TimeSpan.FromSeconds(10));

        Assert.Equal(emqx.Table.IdAt(0), online.Items[0].ClientId);
        Assert.All(online.Items, c => Assert.Equal("demo@127.0.0.1", c.Node));
        using var http = app.CreateClient();
        var events = (await http.GetFromJsonAsync<EventDto[]>($"/api/clients/{emqx.Table.IdAt(7)}/events{AllHistory}", DashboardApp.Json))!;
        var connect = Assert.Single(events);
        Assert.Equal(("connected", "rest"), (connect.Kind, connect.Source));
    }

    [Fact]
    public async Task A_client_that_left_the_broker_without_an_event_goes_offline_reconciled_and_its_events_say_so()
    {
        await using var emqx = await DemoApiServer.StartAsync(1000);
        await using var app = StartApp(emqx);
        await SettleAsync(app, 1000);
        var gone = emqx.Table.IdAt(421);
        Assert.True(emqx.Table.Remove(gone));

        using var http = app.CreateClient();
        using var response = await http.PostAsync("/api/emqx/reconcile", null);

        response.EnsureSuccessStatusCode();
        var report = (await response.Content.ReadFromJsonAsync<JsonElement>())!;
        Assert.Equal((999, 0, 1, 999), (Int(report, "brokerOnline"), Int(report, "markedOnline"), Int(report, "markedOffline"), Int(report, "unchanged")));
        Assert.InRange(Int(report, "pages"), 10, 11);
        Assert.Equal("manual", report.GetProperty("trigger").GetString());
        var client = (await http.GetFromJsonAsync<ClientDto>($"/api/clients/{gone}", DashboardApp.Json))!;
        Assert.False(client.Online);
        Assert.Equal(ReasonNames.Reconciled, client.LastReason);
        var events = (await http.GetFromJsonAsync<EventDto[]>($"/api/clients/{gone}/events{AllHistory}", DashboardApp.Json))!;
        Assert.Equal(["connected rest ", "disconnected rest (reconciled)"], events.Select(e => $"{e.Kind} {e.Source} {e.Reason}").Order());
        Assert.Equal(999, (await app.GetClientsAsync()).Total);

        var audit = (await http.GetFromJsonAsync<JsonElement[]>("/api/audit"))!;
        var row = audit.First(r => r.GetProperty("action").GetString() == "reconcile");
        Assert.Equal("success", row.GetProperty("outcome").GetString());
        Assert.StartsWith("999 listed, 0 marked online, 1 marked offline", row.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_connects_during_a_slow_listing_is_never_dropped()
    {
        await using var emqx = await DemoApiServer.StartAsync(1000);
        await using var app = StartApp(emqx);
        await SettleAsync(app, 1000);

        using var http = app.CreateClient();
        var reconcile = await StartSlowReconcileAsync(emqx, http, pagesIn: 3);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        (await app.PostToWebhookAsync($$"""{"event":"client.connected","clientid":"late-joiner","username":"u","peername":"10.9.8.7:40001","connected_at":{{now}},"proto_ver":5,"keepalive":60,"clean_start":true}""")).EnsureSuccessStatusCode();
        using var response = await reconcile;

        response.EnsureSuccessStatusCode();
        var report = (await response.Content.ReadFromJsonAsync<JsonElement>())!;
        Assert.Equal(0, Int(report, "markedOffline"));
        var client = (await http.GetFromJsonAsync<ClientDto>("/api/clients/late-joiner", DashboardApp.Json))!;
        Assert.True(client.Online);
        Assert.Equal(1001, (await app.GetClientsAsync()).Total);
    }

    [Fact]
    public async Task A_call_while_a_reconcile_runs_joins_it()
    {
        await using var emqx = await DemoApiServer.StartAsync(500);
        await using var app = StartApp(emqx);
        await SettleAsync(app, 500);
        var pagesBefore = emqx.Api.RequestsTo("clients_v2");

        using var http = app.CreateClient();
        var first = await StartSlowReconcileAsync(emqx, http, pagesIn: 1);
        var second = http.PostAsync("/api/emqx/reconcile", null);
        using var one = await first;
        using var two = await second;

        var a = await one.Content.ReadFromJsonAsync<JsonElement>();
        var b = await two.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("startedAt").GetDateTime(), b.GetProperty("startedAt").GetDateTime());
        Assert.InRange(emqx.Api.RequestsTo("clients_v2") - pagesBefore, 5, 6);
    }

    [Fact]
    public async Task After_the_mqtt_source_reconnects_a_reconcile_repairs_what_was_lost_meanwhile()
    {
        var broker = new MosquittoBroker();
        await broker.InitializeAsync();
        try
        {
            await ReconnectAsync(broker);
        }
        finally
        {
            await broker.DisposeAsync();
        }
    }

    private async Task ReconnectAsync(MosquittoBroker broker)
    {
        await using var emqx = await DemoApiServer.StartAsync(100);
        await using var app = StartApp(emqx, mqtt: broker);
        await app.WaitUntilSubscribedAsync();
        await SettleAsync(app, 100);

        await broker.StopAsync();
        await Eventually.HoldsAsync(app.GetIngestStatusAsync, s => s.Sources.Single(x => x.Name == "mqtt").State != Core.Ingestion.IngestSourceState.Connected, "the source lost the broker");
        var gone = emqx.Table.IdAt(42);
        emqx.Table.Remove(gone);
        await broker.StartAsync();

        await Eventually.HoldsAsync(() => app.GetClientsAsync(), page => page.Total == 99, "the reconnect's reconcile ended the lost client's session");
        using var http = app.CreateClient();
        Assert.Equal(ReasonNames.Reconciled, (await http.GetFromJsonAsync<ClientDto>($"/api/clients/{gone}", DashboardApp.Json))!.LastReason);
    }

    [Fact]
    public async Task A_reconcile_after_a_restart_with_history_stores_the_corrections_once()
    {
        await using var emqx = await DemoApiServer.StartAsync(1000);
        var gone = emqx.Table.IdAt(5);
        await using (var first = StartApp(emqx))
        {
            await SettleAsync(first, 1000);
            emqx.Table.Remove(gone);
            using var http = first.CreateClient();
            (await http.PostAsync("/api/emqx/reconcile", null)).EnsureSuccessStatusCode();
        }

        await using var second = StartApp(emqx);
        await WaitOnlineAsync(second, 999);
        using var again = second.CreateClient();
        using var response = await again.PostAsync("/api/emqx/reconcile", null);

        var report = (await response.Content.ReadFromJsonAsync<JsonElement>())!;
        Assert.Equal((999, 0, 0, 999), (Int(report, "brokerOnline"), Int(report, "markedOnline"), Int(report, "markedOffline"), Int(report, "unchanged")));
        var kept = (await again.GetFromJsonAsync<EventDto[]>($"/api/clients/{emqx.Table.IdAt(6)}/events{AllHistory}", DashboardApp.Json))!;
        Assert.Equal(["connected rest"], kept.Select(e => $"{e.Kind} {e.Source}"));
        var ended = (await again.GetFromJsonAsync<EventDto[]>($"/api/clients/{gone}/events{AllHistory}", DashboardApp.Json))!;
        Assert.Equal(2, ended.Length);
        Assert.False((await again.GetFromJsonAsync<ClientDto>($"/api/clients/{gone}", DashboardApp.Json))!.Online);
    }

    [Fact]
    public async Task A_failed_listing_is_a_502_with_emqxs_message_and_marks_nothing_offline()
    {
        await using var emqx = await DemoApiServer.StartAsync(10);
        await using var app = StartApp(emqx, secret: "not-the-secret");
        var old = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        (await app.PostToWebhookAsync($$"""{"event":"client.connected","clientid":"only-here","peername":"10.9.8.7:40001","connected_at":{{old}}}""")).EnsureSuccessStatusCode();
        await WaitOnlineAsync(app, 1);

        using var http = app.CreateClient();
        using var response = await http.PostAsync("/api/emqx/reconcile", null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("BAD_API_KEY_OR_SECRET", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await http.GetFromJsonAsync<ClientDto>("/api/clients/only-here", DashboardApp.Json))!.Online);
        var audit = (await http.GetFromJsonAsync<JsonElement[]>("/api/audit"))!;
        Assert.Equal("failure", Assert.Single(audit, r => r.GetProperty("action").GetString() == "reconcile").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task With_the_api_off_a_reconcile_is_a_409_that_says_how_to_turn_it_on()
    {
        await using var app = new DashboardApp(new Dictionary<string, string?> { ["Mqtt:Enabled"] = "false" });
        app.StartServer();
        using var http = app.CreateClient();

        using var response = await http.PostAsync("/api/emqx/reconcile", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(EmqxOptions.HowToTurnOn, problem.GetProperty("detail").GetString());
    }

    private DashboardApp StartApp(DemoApiServer emqx, string secret = DemoApiServer.Secret, MosquittoBroker? mqtt = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = mqtt is null ? "false" : "true",
            ["History:Provider"] = "sqlite",
            ["History:DataDirectory"] = _history,
            ["Emqx:ApiUrl"] = emqx.Api.Url.ToString(),
            ["Emqx:ApiKey"] = DemoApiServer.Key,
            ["Emqx:ApiSecret"] = secret,
            ["Emqx:PageSize"] = "100",
            ["Emqx:ReconcileInterval"] = "00:00:00",
        };
        if (mqtt is not null)
        {
            settings["Mqtt:Host"] = mqtt.Host;
            settings["Mqtt:Port"] = mqtt.Port.ToString(CultureInfo.InvariantCulture);
        }

        var app = new DashboardApp(settings);
        app.StartServer();
        return app;
    }

    /// <summary>Starts a reconcile over a listing slowed to 300 ms a page, and returns once it has asked for <paramref name="pagesIn"/> pages.</summary>
    private static async Task<Task<HttpResponseMessage>> StartSlowReconcileAsync(DemoApiServer emqx, HttpClient http, int pagesIn)
    {
        emqx.Table.PageDelay = TimeSpan.FromMilliseconds(300);
        var before = emqx.Api.RequestsTo("clients_v2");
        var reconcile = http.PostAsync("/api/emqx/reconcile", null);
        await Eventually.HoldsAsync(() => Task.FromResult(emqx.Api.RequestsTo("clients_v2")), n => n >= before + pagesIn, "the listing is under way");
        return reconcile;
    }

    /// <summary>Waits for the start-up reconcile's result, then runs one more: the next one starts afresh.</summary>
    private static async Task SettleAsync(DashboardApp app, int count)
    {
        await WaitOnlineAsync(app, count);
        using var http = app.CreateClient();
        (await http.PostAsync("/api/emqx/reconcile", null)).EnsureSuccessStatusCode();
    }

    private static Task<ClientPageDto> WaitOnlineAsync(DashboardApp app, int count) =>
        Eventually.HoldsAsync(() => app.GetClientsAsync(), page => page.Total == count, $"{count} clients are online");

    private static int Int(JsonElement o, string name) => o.GetProperty(name).GetInt32();
}
