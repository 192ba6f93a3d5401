using Dashboard.Tests.Shared;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Dashboard.Api;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary>History over REST, fed through the webhook (so "200" must mean "stored").</summary>
public sealed class HistoryApiTests : IAsyncLifetime
{
    private DashboardApp _app = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _app = new DashboardApp(new Dictionary<string, string?> { ["Mqtt:Enabled"] = "false" });
        _app.StartServer();
        _http = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_webhook_200_means_the_event_is_in_history()
    {
        var response = await PostAsync(Fixtures.Read("client_connected.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await _http.GetFromJsonAsync<EventDto[]>("/api/clients/sensor-0042/events?from=2025-06-10T00:00:00Z&to=2025-06-11T00:00:00Z", DashboardApp.Json);
        var stored = Assert.Single(events!);
        Assert.Equal("connected", stored.Kind);
        Assert.Equal(new DateTime(2025, 6, 10, 10, 30, 0, 125, DateTimeKind.Utc), stored.At);
        Assert.Equal("webhook", stored.Source);
    }

    [Fact]
    public async Task Client_events_are_newest_first_within_the_range_and_limit_for_ids_with_slashes()
    {
        const string id = "plant/line 3/plc%7";
        var lines = Enumerable.Range(0, 5).Select(i =>
            $$"""{"event":"client.{{(i % 2 == 0 ? "connected" : "disconnected")}}","clientid":"{{id}}","{{(i % 2 == 0 ? "connected_at" : "disconnected_at")}}":{{1749550000000 + (i * 1000)}},"peername":"10.0.0.1:{{4000 + i}}","reason":"normal"}""");
        await PostAsync(string.Join("\n", lines));
        await PostAsync("""{"event":"client.connected","clientid":"plant/line 3","connected_at":1749550000500}""");

        var url = $"/api/clients/{Uri.EscapeDataString(id)}/events?from=1749550001000&to=1749550004000&limit=2";
        var events = await _http.GetFromJsonAsync<EventDto[]>(url, DashboardApp.Json);

        Assert.Equal([4003, 4002], events!.Select(e => e.PeerPort!.Value));
        Assert.All(events!, e => Assert.Equal(id, e.ClientId));
    }

    [Fact]
    public async Task Export_streams_csv_with_quoting_and_formulas_defused()
    {
        var body = string.Join("\n", Enumerable.Range(0, 2000).Select(i =>
            $$"""{"event":"client.connected","clientid":"dev-{{i:D4}}","username":"=cmd|' /C calc'!A0","connected_at":{{1749550000000 + i}},"peername":"10.0.{{i / 250}}.{{i % 250}}:{{5000 + i}}","node":"emqx@a,b"}"""));
        await PostAsync(body);

        var csv = await _http.GetStringAsync("/api/events/export?from=2025-06-10T00:00:00Z&to=2025-06-11T00:00:00Z&format=csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("clientId,kind,at,peerIp,peerPort,username,reason,node,source,timeClamped", lines[0]);
        Assert.Equal(2001, lines.Length);
        Assert.Equal("dev-0000,connected,2025-06-10T10:06:40.000Z,10.0.0.0,5000,'=cmd|' /C calc'!A0,,\"emqx@a,b\",webhook,false", lines[1]);
    }

    [Fact]
    public async Task Export_json_is_one_array_oldest_first_and_can_filter_one_client()
    {
        await PostAsync($"[{Fixtures.Read("client_connected.json")},{Fixtures.Read("client_disconnected_normal.json")},{Fixtures.Read("client_disconnected_ipv6.json")}]");

        var all = await _http.GetFromJsonAsync<EventDto[]>("/api/events/export?from=2025-06-10T00:00:00Z&to=2025-06-11T00:00:00Z", DashboardApp.Json);
        var one = await _http.GetFromJsonAsync<EventDto[]>("/api/events/export?from=2025-06-10T00:00:00Z&to=2025-06-11T00:00:00Z&clientId=sensor-0042&format=json", DashboardApp.Json);

        Assert.Equal(["sensor-0042", "edge-v6-0003", "sensor-0042"], all!.Select(e => e.ClientId));
        Assert.Equal(["connected", "disconnected"], one!.Select(e => e.Kind));
    }

    [Fact]
    public async Task A_time_too_far_ahead_is_stored_as_arrival_and_every_read_says_so()
    {
        var before = DateTimeOffset.UtcNow;
        await PostAsync("""{"event":"client.connected","clientid":"ahead","connected_at":4102444800000,"peername":"10.0.0.1:4000"}""");
        await PostAsync($$"""{"event":"client.connected","clientid":"ahead","connected_at":{{before.AddHours(-1).ToUnixTimeMilliseconds()}},"peername":"10.0.0.1:4001"}""");
        var range = FormattableString.Invariant($"from={before.AddDays(-1).ToUnixTimeMilliseconds()}&to={before.AddHours(1).ToUnixTimeMilliseconds()}");

        var events = await _http.GetFromJsonAsync<EventDto[]>($"/api/clients/ahead/events?{range}", DashboardApp.Json);
        var json = await _http.GetFromJsonAsync<EventDto[]>($"/api/events/export?{range}&clientId=ahead&format=json", DashboardApp.Json);
        var csv = (await _http.GetStringAsync($"/api/events/export?{range}&clientId=ahead&format=csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Newest first: the clamped connect stands at its arrival (year 2100 was refused), the other as stamped.
        Assert.Equal([true, false], events!.Select(e => e.TimeClamped));
        Assert.InRange(events![0].At, before.UtcDateTime.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal([false, true], json!.Select(e => e.TimeClamped));
        Assert.Equal([",false", ",true"], csv[1..].Select(line => line[line.LastIndexOf(',')..]));
    }

    [Theory]
    [InlineData("/api/events/export?format=xml", "format")]
    [InlineData("/api/events/export?from=yesterday", "from")]
    [InlineData("/api/events/export?from=2025-06-11T00:00:00Z&to=2025-06-10T00:00:00Z", "from")]
    [InlineData("/api/clients/x/events?limit=0", "limit")]
    public async Task Bad_parameters_are_400_naming_them(string url, string parameter)
    {
        var response = await _http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(parameter, await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> PostAsync(string body) => _app.PostToWebhookAsync(body);
}
