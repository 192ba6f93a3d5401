using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary><c>GET /api/conflicts</c> takes the Conflicts page's filters, sort and paging; without them it answers as before.</summary>
public sealed class ConflictsApiQueryTests
{
    [Fact]
    public async Task Findings_are_filtered_sorted_and_paged_with_the_total_in_a_header_and_bad_values_are_400s()
    {
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Groups:site-1:ClientIdPattern"] = "site-1/*",
            ["Groups:site-2:ClientIdPattern"] = "site-2/*",
        });
        app.StartServer();
        using var http = app.CreateClient();
        var start = DateTimeOffset.UtcNow;
        foreach (var clientId in new[] { "site-1/b", "site-1/a", "site-2/c", "site-1/c" })
        {
            (await app.PostToWebhookAsync(WebhookLines.Swaps(clientId, start))).EnsureSuccessStatusCode();
        }

        var all = await Eventually.HoldsAsync(async () => (await http.GetFromJsonAsync<JsonElement[]>("/api/conflicts"))!, f => f.Length == 4, "four findings");
        Assert.All(all, f => Assert.Equal("clientid-conflict", f.GetProperty("kind").GetString()));
        Assert.All(all, f => Assert.False(f.GetProperty("duringMaintenance").GetBoolean()));

        var site1 = await http.GetFromJsonAsync<JsonElement[]>("/api/conflicts?group=site-1&sort=client");
        Assert.Equal(["site-1/a", "site-1/b", "site-1/c"], site1!.Select(ClientId));
        Assert.Equal(["site-2/c"], (await http.GetFromJsonAsync<JsonElement[]>("/api/conflicts?group=SITE-2"))!.Select(ClientId));
        using var unknown = await http.GetAsync("/api/conflicts?group=site-3");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("group", out _));

        using var page = await http.GetAsync("/api/conflicts?q=SITE-1/&sort=client&pageSize=2&page=2");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("3", Assert.Single(page.Headers.GetValues("X-Total-Count")));
        Assert.Equal(["site-1/c"], (await page.Content.ReadFromJsonAsync<JsonElement[]>())!.Select(ClientId));

        var reversed = await http.GetFromJsonAsync<JsonElement[]>("/api/conflicts?sort=client&order=desc&kind=clientid-conflict&severity=all");
        Assert.Equal(["site-2/c", "site-1/c", "site-1/b", "site-1/a"], reversed!.Select(ClientId));
        Assert.Empty((await http.GetFromJsonAsync<JsonElement[]>("/api/conflicts?kind=flapping"))!);
        Assert.Empty((await http.GetFromJsonAsync<JsonElement[]>("/api/conflicts?page=9"))!);

        using var bad = await http.GetAsync("/api/conflicts?kind=worm&sort=name&order=maybe&pageSize=100000&q=" + new string('q', 300));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["kind", "order", "pageSize", "q", "sort"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static string ClientId(JsonElement finding) => finding.GetProperty("clientId").GetString()!;
}
