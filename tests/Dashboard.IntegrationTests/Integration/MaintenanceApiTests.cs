using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary>
/// <c>/api/maintenance</c> through the real app on SQLite: a window is planned, listed, ended early and
/// audited; broken requests are problems naming the field and change nothing; with history off windows are refused.
/// </summary>
public sealed class MaintenanceApiTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("dashboard-maint-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task A_window_is_planned_listed_ended_early_and_audited_and_survives_a_restart()
    {
        var now = DateTimeOffset.UtcNow;
        long id;
        await using (var app = StartApp("sqlite"))
        {
            using var http = app.CreateClient();
            using var created = await http.PostAsJsonAsync("/api/maintenance", Body(now.AddMinutes(-1), now.AddHours(2), note: "<script>rollout</script>"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var window = await created.Content.ReadFromJsonAsync<JsonElement>();
            id = window.GetProperty("id").GetInt64();
            Assert.Equal($"/api/maintenance/{id}", created.Headers.Location?.OriginalString);
            Assert.Equal(("clientIdPattern", "plant-3/*", "local", "active"), (Text(window, "scope"), Text(window, "target"), Text(window, "createdBy"), Text(window, "state")));

            using var upcoming = await http.PostAsJsonAsync("/api/maintenance", Body(now.AddDays(1), now.AddDays(1).AddHours(1), target: "plant-4/*"));
            Assert.Equal(HttpStatusCode.Created, upcoming.StatusCode);

            var list = await ListAsync(http);
            Assert.True(list.GetProperty("available").GetBoolean());
            Assert.Equal([id], Ids(list, "active"));
            Assert.Equal(["plant-4/*"], list.GetProperty("upcoming").EnumerateArray().Select(w => Text(w, "target")));
            Assert.Empty(list.GetProperty("past").EnumerateArray());

            using var ended = await http.PostAsync($"/api/maintenance/{id}/end", null);
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
            var endedWindow = await ended.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("local", "past"), (Text(endedWindow, "endedBy"), Text(endedWindow, "state")));

            using var again = await http.PostAsync($"/api/maintenance/{id}/end", null);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
            using var unknown = await http.PostAsync($"/api/maintenance/{id + 100}/end", null);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

            var audit = (await http.GetFromJsonAsync<JsonElement[]>("/api/audit"))!;
            Assert.Equal(
                ["maintenance-end client IDs plant-3/*", "maintenance-create client IDs plant-4/*", "maintenance-create client IDs plant-3/*"],
                audit.Select(a => $"{Text(a, "action")} {Text(a, "target")}"));
            Assert.Contains("<script>rollout</script>", Text(audit[2], "detail"), StringComparison.Ordinal);
        }

        await using (var app = StartApp("sqlite"))
        {
            using var http = app.CreateClient();
            var list = await ListAsync(http);
            Assert.Empty(list.GetProperty("active").EnumerateArray());
            Assert.Single(list.GetProperty("upcoming").EnumerateArray());
            Assert.Equal([id], Ids(list, "past"));
        }
    }

    [Fact]
    public async Task Broken_requests_are_problems_naming_the_field_and_plan_nothing()
    {
        var now = DateTimeOffset.UtcNow;
        await using var app = StartApp("sqlite");
        using var http = app.CreateClient();
        var cases = new (object Body, string Field)[]
        {
            (Body(now, now.AddHours(1), scope: "site"), "scope"),
            (Body(now, now.AddHours(1), target: ""), "target"),
            (Body(now, now.AddHours(1), scope: "group", target: "no-such-group"), "target"),
            (new { scope = "clientIdPattern", target = "a*", from = "yesterday", to = now.AddHours(1), note = "n" }, "from"),
            (Body(now.AddHours(-2), now.AddHours(-1)), "to"),
            (Body(now, now.AddDays(32)), "to"),
            (Body(now, now.AddHours(1), note: ""), "note"),
            (Body(now, now.AddHours(1), note: new string('n', 501)), "note"),
        };

        foreach (var (body, field) in cases)
        {
            using var response = await http.PostAsJsonAsync("/api/maintenance", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out _), $"{field} named in {errors}");
        }

        using var badPage = await http.GetAsync("/api/maintenance?pageSize=0");
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        var list = await ListAsync(http);
        Assert.Empty(list.GetProperty("active").EnumerateArray());
        Assert.Empty(list.GetProperty("upcoming").EnumerateArray());
        Assert.Empty((await http.GetFromJsonAsync<JsonElement[]>("/api/audit"))!);
    }

    [Fact]
    public async Task With_history_off_windows_are_refused_with_a_message_saying_why()
    {
        var now = DateTimeOffset.UtcNow;
        await using var app = StartApp("none");
        using var http = app.CreateClient();

        using var created = await http.PostAsJsonAsync("/api/maintenance", Body(now, now.AddHours(1)));
        Assert.Equal(HttpStatusCode.Conflict, created.StatusCode);
        Assert.Contains("history is off", await created.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        using var ended = await http.PostAsync("/api/maintenance/1/end", null);
        Assert.Equal(HttpStatusCode.Conflict, ended.StatusCode);
        Assert.False((await ListAsync(http)).GetProperty("available").GetBoolean());
    }

    private static object Body(DateTimeOffset from, DateTimeOffset to, string scope = "clientIdPattern", string target = "plant-3/*", string note = "firmware rollout") =>
        new { scope, target, from = from.ToString("O"), to = to.ToString("O"), note };

    private static async Task<JsonElement> ListAsync(HttpClient http) => await http.GetFromJsonAsync<JsonElement>("/api/maintenance");

    private static IEnumerable<long> Ids(JsonElement list, string part) => list.GetProperty(part).EnumerateArray().Select(w => w.GetProperty("id").GetInt64());

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();

    private DashboardApp StartApp(string provider)
    {
        var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["History:Provider"] = provider,
            ["History:DataDirectory"] = _dataDirectory,
        });
        app.StartServer();
        return app;
    }
}
