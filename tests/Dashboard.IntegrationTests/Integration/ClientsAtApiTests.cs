using System.Net;
using System.Net.Http.Json;
using Dashboard.Api;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary><c>GET /api/clients?at=</c>: who was online at a past moment, from history fed through the webhook.</summary>
public sealed partial class ClientsAtApiTests : IAsyncLifetime
{
    // 2025-06-10T10:00:00Z.
    private const long T0 = 1749549600000;

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
    public async Task The_online_set_at_a_moment_and_who_went_offline_around_it()
    {
        await SeedAsync();

        var at30s = await GetAsync("/api/clients?at=2025-06-10T10:00:30Z");
        var at90s = await GetAsync($"/api/clients?at={T0 + 90_000}&window=1");

        Assert.Equal(["plant/a", "plant/b"], at30s.Items.Select(c => c.ClientId));
        Assert.All(at30s.Items, c => Assert.True(c.Online));
        Assert.Equal(new DateTime(2025, 6, 10, 10, 0, 0, DateTimeKind.Utc), at30s.Items[0].ConnectedAt);
        Assert.Equal("10.0.0.1", at30s.Items[0].PeerIp);
        Assert.Equal(15, at30s.WindowMinutes);
        Assert.Equal(["plant/a@keepalive_timeout"], at30s.WentOffline.Select(e => $"{e.ClientId}@{e.Reason}"));

        Assert.Equal(new DateTime(2025, 6, 10, 10, 1, 30, DateTimeKind.Utc), at90s.At);
        Assert.Equal(["plant/b"], at90s.Items.Select(c => c.ClientId));
        Assert.Equal(["plant/a@keepalive_timeout"], at90s.WentOffline.Select(e => $"{e.ClientId}@{e.Reason}"));
        Assert.Empty((await GetAsync($"/api/clients?at={T0 + 200_000}&window=0")).WentOffline);
    }

    [Fact]
    public async Task Pages_say_whether_more_follow()
    {
        await SeedAsync();

        var first = await GetAsync("/api/clients?at=2025-06-10T10:05:00Z&pageSize=1");
        var second = await GetAsync("/api/clients?at=2025-06-10T10:05:00Z&pageSize=1&page=2");
        var third = await GetAsync("/api/clients?at=2025-06-10T10:05:00Z&pageSize=1&page=3");

        Assert.Equal(["plant/b"], first.Items.Select(c => c.ClientId));
        Assert.True(first.HasMore);
        Assert.Equal(["plant/c"], second.Items.Select(c => c.ClientId));
        Assert.False(second.HasMore);
        Assert.Empty(third.Items);
    }

    [Theory]
    [InlineData("/api/clients?at=yesterday", "at")]
    [InlineData("/api/clients?at=", "at")]
    [InlineData("/api/clients?at=1999-12-31T00:00:00Z", "at")]
    [InlineData("/api/clients?at=2025-06-10T10:00:00Z&window=-1", "window")]
    [InlineData("/api/clients?at=2025-06-10T10:00:00Z&window=1441", "window")]
    [InlineData("/api/clients?at=2025-06-10T10:00:00Z&state=offline", "state")]
    [InlineData("/api/clients?at=2025-06-10T10:00:00Z&sort=connectedAt", "sort")]
    [InlineData("/api/clients?at=2025-06-10T10:00:00Z&sort=clientId&order=desc", "order")]
    [InlineData("/api/clients?at=2025-06-10T10:00:00Z&proto=6", "proto")]
    [InlineData("/api/clients?at=2025-06-10T10:00:00Z&cleanStart=maybe", "cleanStart")]
    [InlineData("/api/clients?at=2025-06-10T10:00:00Z&keepaliveMin=x", "keepaliveMin")]
    [InlineData("/api/clients?at=2025-06-10T10:00:00Z&connectedAfter=soon", "connectedAfter")]
    [InlineData("/api/clients?at=2025-06-10T10:00:00Z&after=plant/a&page=2", "after")]
    [InlineData("/api/clients?at=2025-06-10T10:00:00Z&pageSize=1001", "pageSize")]
    [InlineData("/api/clients?at=2025-06-10T10:00:00Z&pageSize=10&page=10002", "page")]
    public async Task Bad_values_are_problem_json_naming_the_parameter(string url, string parameter)
    {
        var response = await _http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>(DashboardApp.Json);
        Assert.Equal([parameter], problem!.Errors.Keys);
    }

    /// <summary>a: 10:00:00 to 10:01:00 (keepalive_timeout); b: from 10:00:01; c: from 10:02:00.</summary>
    private async Task SeedAsync()
    {
        string[] lines =
        [
            $$"""{"event":"client.connected","clientid":"plant/a","connected_at":{{T0}},"peername":"10.0.0.1:4000"}""",
            $$"""{"event":"client.connected","clientid":"plant/b","connected_at":{{T0 + 1000}},"peername":"10.0.0.2:4000"}""",
            $$"""{"event":"client.disconnected","clientid":"plant/a","connected_at":{{T0}},"disconnected_at":{{T0 + 60_000}},"peername":"10.0.0.1:4000","reason":"keepalive_timeout"}""",
            $$"""{"event":"client.connected","clientid":"plant/c","connected_at":{{T0 + 120_000}},"peername":"10.0.0.3:4000"}""",
        ];
        var response = await _app.PostToWebhookAsync(string.Join("\n", lines));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<ClientsAtPageDto> GetAsync(string url) =>
        (await _http.GetFromJsonAsync<ClientsAtPageDto>(url, DashboardApp.Json))!;

    private sealed record ValidationProblem(Dictionary<string, string[]> Errors);
}
