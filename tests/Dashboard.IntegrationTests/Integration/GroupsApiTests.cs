using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary>
/// <c>/api/groups</c> through the real app: configured groups first (by Order, then name) and read-only,
/// run-time groups created, changed and deleted, stored across a restart, audited; bad input is a
/// problem naming the field; with history off, only configured groups.
/// </summary>
public sealed class GroupsApiTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("dashboard-groups-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Run_time_groups_follow_configured_ones_are_audited_and_survive_a_restart()
    {
        await using (var app = StartApp())
        {
            using var http = app.CreateClient();
            var listed = await ListAsync(http);
            Assert.True(listed.GetProperty("canDefine").GetBoolean());
            Assert.Equal(["zeta", "beta", "alpha"], Names(listed));
            Assert.True(listed.GetProperty("groups")[0].GetProperty("configured").GetBoolean());

            using var created = await http.PostAsJsonAsync("/api/groups", new { name = "plant-3", clientIdPattern = "plant-3/*", usernamePattern = "", cidr = "10.3.0.0/16" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/api/groups/plant-3", created.Headers.Location?.OriginalString);
            var group = await created.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((4, false, "local", JsonValueKind.Null), (group.GetProperty("position").GetInt32(), group.GetProperty("configured").GetBoolean(), group.GetProperty("createdBy").GetString(), group.GetProperty("usernamePattern").ValueKind));

            using var second = await http.PostAsJsonAsync("/api/groups", new { name = "plant-1", usernamePattern = "line-?" });
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);

            using var changed = await http.PutAsJsonAsync("/api/groups/PLANT-3", new { clientIdPattern = "plant-3b/*" });
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.Equal(["zeta", "beta", "alpha", "plant-3", "plant-1"], Names(await ListAsync(http)));

            var audit = (await http.GetFromJsonAsync<JsonElement[]>("/api/audit"))!;
            Assert.Equal(
                ["group-update plant-3 clientIdPattern=plant-3b/*", "group-create plant-1 usernamePattern=line-?", "group-create plant-3 clientIdPattern=plant-3/*, cidr=10.3.0.0/16"],
                audit.Select(a => $"{a.GetProperty("action").GetString()} {a.GetProperty("target").GetString()} {a.GetProperty("detail").GetString()}"));
        }

        await using (var app = StartApp())
        {
            using var http = app.CreateClient();
            var listed = await ListAsync(http);
            Assert.Equal(["zeta", "beta", "alpha", "plant-3", "plant-1"], Names(listed));
            Assert.Equal("plant-3b/*", listed.GetProperty("groups")[3].GetProperty("clientIdPattern").GetString());

            using var deleted = await http.DeleteAsync("/api/groups/plant-3");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            using var again = await http.DeleteAsync("/api/groups/plant-3");
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
            Assert.Equal(["zeta", "beta", "alpha", "plant-1"], Names(await ListAsync(http)));
            Assert.Equal("group-delete", (await http.GetFromJsonAsync<JsonElement[]>("/api/audit"))![0].GetProperty("action").GetString());
        }
    }

    [Theory]
    [InlineData("""{"name":"plant 3","clientIdPattern":"p/*"}""", 400, "name")]
    [InlineData("""{"name":"plant-3","clientIdPattern":"","usernamePattern":" "}""", 400, "clientIdPattern")]
    [InlineData("""{"name":"plant-3","cidr":"10.0.0.0/33"}""", 400, "cidr")]
    [InlineData("""{"name":"plant-3","usernamePattern":"a\u0007b"}""", 400, "usernamePattern")]
    [InlineData("""{"name":"BETA","clientIdPattern":"p/*"}""", 409, "name")]
    [InlineData("""{"name":"Alpha","clientIdPattern":"p/*"}""", 409, "name")]
    [InlineData("""null""", 400, "body")]
    [InlineData("""{"name" """, 400, "")]
    public async Task Bad_definitions_are_problems_naming_the_field_and_change_nothing(string body, int status, string field)
    {
        await using var app = StartApp();
        using var http = app.CreateClient();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await http.PostAsync("/api/groups", content);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field.Length > 0)
        {
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        }

        Assert.Equal(["zeta", "beta", "alpha"], Names(await ListAsync(http)));
        Assert.Empty((await http.GetFromJsonAsync<JsonElement[]>("/api/audit"))!);
    }

    [Fact]
    public async Task Configured_groups_are_read_only_and_bodies_are_bounded()
    {
        await using var app = StartApp();
        using var http = app.CreateClient();

        using var put = await http.PutAsJsonAsync("/api/groups/beta", new { clientIdPattern = "x/*" });
        using var delete = await http.DeleteAsync("/api/groups/Beta");
        using var renamed = await http.PutAsJsonAsync("/api/groups/beta", new { name = "gamma", clientIdPattern = "x/*" });
        using var huge = await http.PostAsJsonAsync("/api/groups", new { name = "big", clientIdPattern = new string('x', 20_000) });

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.BadRequest), (put.StatusCode, delete.StatusCode, renamed.StatusCode));
        Assert.Contains("Groups:beta", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(["zeta", "beta", "alpha"], Names(await ListAsync(http)));
    }

    [Fact]
    public async Task With_history_off_only_configured_groups_exist_and_a_definition_is_refused_clearly()
    {
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["History:Provider"] = "none",
            ["Groups:plant-1:ClientIdPattern"] = "plant-1/*",
        });
        app.StartServer();
        using var http = app.CreateClient();

        using var created = await http.PostAsJsonAsync("/api/groups", new { name = "plant-3", clientIdPattern = "plant-3/*" });

        Assert.Equal(HttpStatusCode.Conflict, created.StatusCode);
        Assert.Contains("history is off", (await created.Content.ReadAsStringAsync()).ToLowerInvariant(), StringComparison.Ordinal);
        var listed = await ListAsync(http);
        Assert.False(listed.GetProperty("canDefine").GetBoolean());
        Assert.Equal(["plant-1"], Names(listed));
    }

    [Fact]
    public async Task History_APIs_narrow_to_a_group_and_an_unknown_group_is_a_problem_naming_it()
    {
        await using var app = StartApp();
        using var http = app.CreateClient();
        (await http.PostAsJsonAsync("/api/groups", new { name = "plant-3", clientIdPattern = "plant-3/*" })).EnsureSuccessStatusCode();
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        (await app.PostToWebhookAsync(WebhookLines.Swaps("plant-3/a", now))).EnsureSuccessStatusCode();
        (await app.PostToWebhookAsync(WebhookLines.Swaps("other", now))).EnsureSuccessStatusCode();

        var exported = await Eventually.HoldsAsync(
            async () => (await http.GetFromJsonAsync<JsonElement[]>("/api/events/export?group=PLANT-3&from=" + Uri.EscapeDataString(now.AddMinutes(-1).ToString("O"))))!,
            rows => rows.Length == 9,
            "the group's nine events are stored");
        Assert.All(exported, e => Assert.Equal("plant-3/a", e.GetProperty("clientId").GetString()));

        var reasons = await http.GetFromJsonAsync<JsonElement>("/api/reasons?group=plant-3");
        Assert.Equal("history", reasons.GetProperty("source").GetString());
        Assert.Equal(4, reasons.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("counts").TryGetProperty("takenover", out var n) ? n.GetInt64() : 0));

        foreach (var path in new[] { "/api/events/export?group=plant-4", "/api/reasons?group=plant-4", "/api/refused?group=%3Cb%3E", "/api/reasons?group=" + new string('g', 300) })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("group", out _), path);
        }
    }

    [Fact]
    public async Task Stats_count_each_groups_clients_live_and_from_history_end_to_end()
    {
        await using var app = StartApp();
        using var http = app.CreateClient();
        (await http.PostAsJsonAsync("/api/groups", new { name = "plant-3", clientIdPattern = "plant-3/*" })).EnsureSuccessStatusCode();
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);

        // Two devices fight over plant-3/a (five connects, four takeovers: a client-ID conflict); plant-3/b is
        // connected once; a/1 belongs to the configured group alpha.
        (await app.PostToWebhookAsync(WebhookLines.Swaps("plant-3/a", now))).EnsureSuccessStatusCode();
        (await app.PostToWebhookAsync($$"""{"event":"client.connected","clientid":"plant-3/b","peername":"10.0.0.9:4000","connected_at":{{now.ToUnixTimeMilliseconds()}}}""")).EnsureSuccessStatusCode();
        (await app.PostToWebhookAsync($$"""{"event":"client.connected","clientid":"a/1","peername":"10.0.0.8:4000","connected_at":{{now.ToUnixTimeMilliseconds()}}}""")).EnsureSuccessStatusCode();

        var plant = await Eventually.HoldsAsync(
            async () => (await http.GetFromJsonAsync<JsonElement>("/api/groups/plant-3/stats")).GetProperty("group"),
            g => g.GetProperty("connectsLastHour").GetInt64() == 6 && g.GetProperty("activeFindings").GetInt32() == 1,
            "plant-3's connects are stored and its conflict found",
            TimeSpan.FromSeconds(60));
        Assert.Equal((2, 2, 4L), (plant.GetProperty("online").GetInt32(), plant.GetProperty("known").GetInt32(), plant.GetProperty("disconnectsLastHour").GetInt64()));
        var day = (await http.GetFromJsonAsync<JsonElement>("/api/groups/plant-3/stats")).GetProperty("uptime")[0];
        Assert.Equal(("24h", 100.0, 2, false), (day.GetProperty("span").GetString(), Math.Round(day.GetProperty("percent").GetDouble(), 1), day.GetProperty("clients").GetInt32(), day.GetProperty("partial").GetBoolean()));
        var top = Assert.Single(plant.GetProperty("topReasons").EnumerateArray());
        Assert.Equal(("takenover", 4L), (top.GetProperty("reason").GetString(), top.GetProperty("count").GetInt64()));

        var all = await http.GetFromJsonAsync<JsonElement>("/api/groups/stats");
        Assert.True(all.GetProperty("historyOn").GetBoolean());
        var alpha = all.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "alpha");
        Assert.Equal((1, 1, 0), (alpha.GetProperty("online").GetInt32(), alpha.GetProperty("known").GetInt32(), alpha.GetProperty("activeFindings").GetInt32()));
        using var unknown = await http.GetAsync("/api/groups/nope/stats");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private DashboardApp StartApp()
    {
        var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["History:Provider"] = "sqlite",
            ["History:DataDirectory"] = _dataDirectory,

            // Configuration sorts its keys; Order decides (then the name).
            ["Groups:alpha:ClientIdPattern"] = "a/*",
            ["Groups:alpha:Order"] = "3",
            ["Groups:beta:Cidr"] = "10.9.0.0/16",
            ["Groups:beta:Order"] = "2",
            ["Groups:zeta:UsernamePattern"] = "z*",
        });
        app.StartServer();
        return app;
    }

    private static async Task<JsonElement> ListAsync(HttpClient http) => await http.GetFromJsonAsync<JsonElement>("/api/groups");

    private static string[] Names(JsonElement list) => list.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()!).ToArray();
}
