using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Api;
using Dashboard.Core.History;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Shared.TestAccessEvents;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.Integration;

/// <summary>
/// <c>group=</c> on the last history APIs that ignored it: the clients behind a reason and the refused-connections
/// summary (chart, offenders, denials), through the real app and a real SQLite store, with a configured group.
/// </summary>
public sealed class GroupFilterGapsApiTests : IAsyncLifetime
{
    // TestEvents.T0 is 2025-06-10T10:00:00Z; every query names its range.
    private const string Range = "from=2025-06-10T10:00:00Z&to=2025-06-10T11:00:00Z";

    private DashboardApp _app = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["History:Provider"] = "sqlite",
            ["Groups:plant-3:ClientIdPattern"] = "plant-3/*",
        });
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
    public async Task The_clients_behind_a_reason_are_the_groups_only()
    {
        await Store.AppendAsync(
        [
            Disconnected("plant-3/a", 1_000, reason: "keepalive_timeout"),
            Disconnected("plant-3/a", 2_000, reason: "keepalive_timeout"),
            Disconnected("other", 3_000, reason: "keepalive_timeout"),
            Disconnected("other", 4_000, reason: "keepalive_timeout"),
            Disconnected("other", 5_000, reason: "keepalive_timeout"),
        ], CancellationToken.None);

        var grouped = await _http.GetFromJsonAsync<ReasonClientDto[]>($"/api/reasons/keepalive_timeout/clients?{Range}&group=PLANT-3", DashboardApp.Json);
        var fleet = await _http.GetFromJsonAsync<ReasonClientDto[]>($"/api/reasons/keepalive_timeout/clients?{Range}", DashboardApp.Json);

        Assert.Equal([("plant-3/a", 2L)], grouped!.Select(c => (c.ClientId, c.Count)));
        Assert.Equal(["other", "plant-3/a"], fleet!.Select(c => c.ClientId));
    }

    [Fact]
    public async Task The_refused_summary_counts_the_groups_attempts_only()
    {
        await Store.AppendAccessFailuresAsync(
        [
            Refused("plant-3/a", 1_000, ip: "192.0.2.7", username: "shared"),
            Refused("plant-3/a", 61_000, "banned", ip: "192.0.2.7", username: "shared"),
            Refused("intruder", 62_000, "not_authorized", ip: "192.0.2.7", username: "shared"),
            Refused("intruder", 63_000, "not_authorized", ip: "192.0.2.7", username: "shared"),
            Denied("plant-3/a", 64_000, "cmd/1"),
            Denied("intruder", 65_000, "cmd/2"),
        ], CancellationToken.None);

        var summary = (await _http.GetFromJsonAsync<RefusedSummaryDto>($"/api/refused/summary?{Range}&bucket=1m&group=plant-3", DashboardApp.Json))!;

        Assert.Equal(
            [(T0.UtcDateTime, "bad_username_or_password=1"), (T0.AddMinutes(1).UtcDateTime, "banned=1")],
            summary.Buckets.Select(b => (b.Start, string.Join('+', b.Counts.Select(c => $"{c.Key}={c.Value}")))));
        Assert.Equal([("plant-3/a", 2L)], summary.Offenders.ClientIds.Select(o => (o.Key, o.Count)));
        Assert.Equal([("shared", 2L)], summary.Offenders.Usernames.Select(o => (o.Key, o.Count)));
        Assert.Equal([("192.0.2.7", 2L)], summary.Offenders.PeerIps.Select(o => (o.Key, o.Count)));
        Assert.Equal(["cmd/1"], summary.AuthorizationDenials.Select(d => d.Topic));
    }

    [Theory]
    [InlineData("/api/reasons/normal/clients?group=plant-4")]
    [InlineData("/api/refused/summary?group=plant-4")]
    [InlineData("/api/refused/summary?group=%3Cb%3E")]
    public async Task An_unknown_group_is_a_problem_naming_group(string path)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("group", out _), path);
    }

    private IHistoryStore Store => _app.Services.GetRequiredService<IHistoryStore>();
}
