using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary>
/// <c>POST /api/conflicts/{id}/acknowledge</c> through the real app: the finding shows who, when and
/// the note, an audit row is written, and both survive a restart on SQLite.
/// </summary>
public sealed class AcknowledgementApiTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("dashboard-ack-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task An_acknowledgement_shows_on_the_finding_is_audited_and_survives_a_restart()
    {
        const string note = "Replacing the <b>modem</b> on site 7";
        string key;
        await using (var app = StartApp())
        {
            using var http = app.CreateClient();
            (await app.PostToWebhookAsync(WebhookLines.Swaps("shared-1", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
            var finding = await ActiveFindingAsync(http, "shared-1");
            key = finding.GetProperty("key").GetString()!;
            Assert.Equal(JsonValueKind.Null, finding.GetProperty("acknowledgement").ValueKind);
            var count = finding.GetProperty("count").GetInt32();

            using var response = await http.PostAsJsonAsync($"/api/conflicts/{key}/acknowledge", new { note });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var ack = await response.Content.ReadFromJsonAsync<JsonElement>();
            // Auth:Mode=none (the test host): the one local user, who is admin.
            Assert.Equal(("local", "admin", note, count), (ack.GetProperty("by").GetString(), ack.GetProperty("role").GetString(), ack.GetProperty("note").GetString(), ack.GetProperty("countAtAck").GetInt32()));

            var shown = (await ActiveFindingAsync(http, "shared-1")).GetProperty("acknowledgement");
            Assert.Equal(note, shown.GetProperty("note").GetString());
            Assert.False(shown.GetProperty("reopened").GetBoolean());

            var audit = Assert.Single(await AuditAsync(http));
            Assert.Equal(("acknowledge", "clientid-conflict shared-1", "success", note), (audit.GetProperty("action").GetString(), audit.GetProperty("target").GetString(), audit.GetProperty("outcome").GetString(), audit.GetProperty("detail").GetString()));
        }

        await using (var app = StartApp())
        {
            using var http = app.CreateClient();
            Assert.Single(await AuditAsync(http));

            // The detector starts empty; when the same client fights again, it is the same finding and still acknowledged.
            (await app.PostToWebhookAsync(WebhookLines.Swaps("shared-1", DateTimeOffset.UtcNow.AddSeconds(5)))).EnsureSuccessStatusCode();
            var finding = await ActiveFindingAsync(http, "shared-1");
            Assert.Equal(key, finding.GetProperty("key").GetString());
            Assert.Equal(note, finding.GetProperty("acknowledgement").GetProperty("note").GetString());
        }
    }

    [Fact]
    public async Task Unknown_ids_and_overlong_notes_are_problems_that_change_nothing()
    {
        await using var app = StartApp();
        using var http = app.CreateClient();
        (await app.PostToWebhookAsync(WebhookLines.Swaps("shared-2", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        var key = (await ActiveFindingAsync(http, "shared-2")).GetProperty("key").GetString()!;

        foreach (var id in new[] { "f-AAAAAAAAAAAAAAAAAAAAAA", "1", "plant%2F7", "f-short" })
        {
            using var unknown = await http.PostAsJsonAsync($"/api/conflicts/{id}/acknowledge", new { note = "x" });
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        }

        using var tooLong = await http.PostAsJsonAsync($"/api/conflicts/{key}/acknowledge", new { note = new string('n', 501) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType?.MediaType);
        Assert.Contains("note", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var badRange = await http.GetAsync("/api/audit?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, badRange.StatusCode);

        Assert.Equal(JsonValueKind.Null, (await ActiveFindingAsync(http, "shared-2")).GetProperty("acknowledgement").ValueKind);
        Assert.Empty(await AuditAsync(http));
    }

    private DashboardApp StartApp()
    {
        var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["History:Provider"] = "sqlite",
            ["History:DataDirectory"] = _dataDirectory,
        });
        app.StartServer();
        return app;
    }

    private static async Task<JsonElement[]> AuditAsync(HttpClient http) => (await http.GetFromJsonAsync<JsonElement[]>("/api/audit"))!;

    private static Task<JsonElement> ActiveFindingAsync(HttpClient http, string clientId) => Eventually.HoldsAsync(
        async () => (await http.GetFromJsonAsync<JsonElement[]>("/api/conflicts"))!.FirstOrDefault(f => f.GetProperty("clientId").GetString() == clientId),
        f => f.ValueKind == JsonValueKind.Object,
        $"a finding for {clientId} is active");
}
