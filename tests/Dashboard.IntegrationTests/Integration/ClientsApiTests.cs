using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Api;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary>
/// <c>/api/clients</c>'s filters and sort, and its export, over a real server fed through the
/// webhook: a small fleet whose fields differ, some of its client IDs written to attack a spreadsheet.
/// </summary>
public sealed class ClientsApiTests : IAsyncLifetime
{
    private const long T0 = 1749550000000;

    private DashboardApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        // Two groups, first match wins: a and c are "alices" by username, so "net" (10.0.0.8/29) holds only b.
        _app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Groups:alices:UsernamePattern"] = "alice",
            ["Groups:alices:Order"] = "1",
            ["Groups:net:Cidr"] = "10.0.0.8/29",
            ["Groups:net:Order"] = "2",
        });
        _app.StartServer();
        _http = _app.CreateClient();

        var events = new JsonArray
        {
            Connected("a", 1, "alice", "emqx@n1", 5, true, 60, "10.0.0.9:1000"),
            Connected("b", 2, "bob", "emqx@n2", 4, false, 30, "10.0.0.10:1000"),
            Connected("c", 3, "alice", "emqx@n2", 3, true, 120, "10.0.0.10:999"),
            Connected("=HYPERLINK(\"http://evil\",\"x\")", 4, "+cmd", "emqx@n1", 5, true, 60, "10.0.0.3:1"),
            Connected("-2+3", 5, "@SUM(A1)", "emqx@n1", 5, true, 60, "10.0.0.4:1"),
            Connected("d,\"quoted\"\nline", 6, "eve", "emqx@n1", 5, true, 60, "10.0.0.5:1"),
            Disconnected("c", 3, 9, "keepalive_timeout"),
        };
        Assert.Equal(HttpStatusCode.OK, (await _app.PostToWebhookAsync(events.ToJsonString())).StatusCode);
        await Eventually.HoldsAsync(() => ListAsync("/api/clients?state=all"), page => page.Total == 6, "the fleet is in live state", TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("state=all&node=EMQX@N2&sort=clientId&order=asc", "b|c")]
    [InlineData("state=all&username=alice&sort=clientId&order=asc", "a|c")]
    [InlineData("state=offline&reason=keepalive_timeout", "c")]
    [InlineData("state=all&proto=4", "b")]
    [InlineData("cleanStart=false", "b")]
    [InlineData("keepaliveMin=31&keepaliveMax=60&sort=peer&order=asc", "=HYPERLINK(\"http://evil\",\"x\")|-2+3|d,\"quoted\"\nline|a")]
    [InlineData("connectedAfter=2025-06-10T10:06:42Z&connectedBefore=1749550005000&sort=connectedAt&order=asc", "b|=HYPERLINK(\"http://evil\",\"x\")")]
    [InlineData("state=all&node=emqx@n2&q=ALI", "c")]
    [InlineData("sort=keepalive&order=desc&pageSize=2", "-2+3|=HYPERLINK(\"http://evil\",\"x\")")]
    [InlineData("sort=username&order=asc&pageSize=3", "=HYPERLINK(\"http://evil\",\"x\")|-2+3|a")]
    [InlineData("state=all&group=net", "b")]
    [InlineData("state=all&group=ALICES&sort=clientId&order=asc", "a|c")]
    [InlineData("group=alices", "a")]
    public async Task Filters_and_sort_pick_the_clients(string query, string expected)
    {
        var page = await ListAsync("/api/clients?" + query.Replace("+", "%2B", StringComparison.Ordinal));

        Assert.Equal(Split(expected), page.Items.Select(c => c.ClientId));
    }

    [Theory]
    [InlineData("state=sometimes", "state")]
    [InlineData("sort=color", "sort")]
    [InlineData("order=sideways", "order")]
    [InlineData("proto=6", "proto")]
    [InlineData("cleanStart=maybe", "cleanStart")]
    [InlineData("keepaliveMin=-1", "keepaliveMin")]
    [InlineData("keepaliveMax=70000", "keepaliveMax")]
    [InlineData("keepaliveMin=60&keepaliveMax=30", "keepaliveMin")]
    [InlineData("connectedAfter=yesterday", "connectedAfter")]
    [InlineData("connectedBefore=1999-01-01T00:00:00Z", "connectedBefore")]
    [InlineData("connectedAfter=2025-06-11T00:00:00Z&connectedBefore=2025-06-10T00:00:00Z", "connectedAfter")]
    [InlineData("group=plant-4", "group")]
    [InlineData("group=%3Cb%3E", "group")]
    public async Task Bad_values_are_a_problem_naming_the_parameter(string query, string parameter)
    {
        foreach (var path in new[] { "/api/clients?", "/api/clients/export?" })
        {
            var response = await _http.GetAsync(path + query);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.NotNull(problem["errors"]![parameter]);
        }
    }

    [Fact]
    public async Task Overlong_text_is_refused()
    {
        var response = await _http.GetAsync("/api/clients?node=" + new string('n', ClientListQuery.MaxText + 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("node", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_export_defuses_formulas_quotes_fields_and_is_capped()
    {
        var response = await _http.GetAsync("/api/clients/export?format=csv&node=emqx@n1&sort=clientId&order=asc&limit=3");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment; filename=\"clients-online-", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        Assert.Equal("4", Assert.Single(response.Headers.GetValues("X-Total-Count")));
        Assert.Equal(
            "clientId,online,username,peerIp,peerPort,node,connectedAt,disconnectedAt,lastReason,protoVer,keepalive,cleanStart\n"
            + "'-2+3,true,'@SUM(A1),10.0.0.4,1,emqx@n1,2025-06-10T10:06:45.000Z,,,5,60,true\n"
            + "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",true,'+cmd,10.0.0.3,1,emqx@n1,2025-06-10T10:06:44.000Z,,,5,60,true\n"
            + "a,true,alice,10.0.0.9,1000,emqx@n1,2025-06-10T10:06:41.000Z,,,5,60,true\n",
            csv.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_export_is_every_matching_client_in_the_asked_order()
    {
        var rows = await _http.GetFromJsonAsync<ClientDto[]>("/api/clients/export?state=all&sort=reason&order=desc&keepaliveMin=60", DashboardApp.Json);

        Assert.Equal(["c", "-2+3", "=HYPERLINK(\"http://evil\",\"x\")", "a", "d,\"quoted\"\nline"], rows!.Select(c => c.ClientId));
        Assert.Equal("keepalive_timeout", rows![0].LastReason);
        Assert.False(rows[0].Online);
    }

    [Fact]
    public async Task Export_narrows_to_a_group()
    {
        var rows = await _http.GetFromJsonAsync<ClientDto[]>("/api/clients/export?state=all&group=alices&sort=clientId&order=asc", DashboardApp.Json);

        Assert.Equal(["a", "c"], rows!.Select(c => c.ClientId));
    }

    [Theory]
    [InlineData("format=xml", "format")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1000001", "limit")]
    public async Task Export_parameters_are_checked(string query, string parameter)
    {
        var response = await _http.GetAsync("/api/clients/export?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![parameter]);
    }

    /// <summary>The expected IDs, joined with '|' (some of the IDs have commas).</summary>
    private static string[] Split(string ids) => ids.Split('|');

    private async Task<ClientPageDto> ListAsync(string url) => (await _http.GetFromJsonAsync<ClientPageDto>(url, DashboardApp.Json))!;

    private static JsonObject Connected(string id, int second, string username, string node, int proto, bool clean, int keepalive, string peer) => new()
    {
        ["event"] = "client.connected",
        ["clientid"] = id,
        ["username"] = username,
        ["node"] = node,
        ["proto_ver"] = proto,
        ["clean_start"] = clean,
        ["keepalive"] = keepalive,
        ["peername"] = peer,
        ["connected_at"] = T0 + (second * 1000),
    };

    private static JsonObject Disconnected(string id, int connectedSecond, int second, string reason) => new()
    {
        ["event"] = "client.disconnected",
        ["clientid"] = id,
        ["reason"] = reason,
        ["connected_at"] = T0 + (connectedSecond * 1000),
        ["disconnected_at"] = T0 + (second * 1000),
    };
}
