using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Api;
using Dashboard.Core.History;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Shared.TestAccessEvents;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.Integration;

/// <summary>
/// Refused connections over REST, from a real SQLite store. The failures are appended through the
/// store: the parser and pipeline that put them there in production are tested on their own.
/// </summary>
public sealed class RefusedApiTests : IAsyncLifetime
{
    // TestEvents.T0 is 2025-06-10T10:00:00Z; every query names its range.
    private const string Range = "from=2025-06-10T10:00:00Z&to=2025-06-10T11:00:00Z";

    private DashboardApp _app = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync() => StartAsync("sqlite");

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_list_is_newest_first_with_clearly_named_fields_and_filters_by_reason_client_and_ip()
    {
        await AppendAsync(
            Refused("plant/line 3/plc%7", 1_000, ip: "192.0.2.7"),
            Refused("plant/line 3/plc%7", 2_000, "banned", ip: "192.0.2.99"),
            Refused("other", 3_000, "server_busy", ip: "2001:db8:1:2::5"),
            Denied("other", 4_000, "cmd/#", action: "subscribe", source: "default", ip: "192.0.3.1"),
            Refused("before", -1_000));

        var all = await ListAsync(Range);
        var clientId = await ListAsync($"{Range}&clientId={Uri.EscapeDataString("plant/line 3/plc%7")}");
        var banned = await ListAsync($"{Range}&reasonCode=banned");
        var exact = await ListAsync($"{Range}&ip=192.0.2.7");
        var network = await ListAsync($"{Range}&ip={Uri.EscapeDataString("192.0.2.0/24")}");
        var v6 = await ListAsync($"{Range}&ip={Uri.EscapeDataString("2001:DB8:1::/48")}");
        var limited = await ListAsync($"{Range}&limit=1");
        var json = await _http.GetStringAsync($"/api/refused?{Range}&limit=1");

        Assert.Equal(["other@4000", "other@3000", "plant/line 3/plc%7@2000", "plant/line 3/plc%7@1000"], all.Select(Key));
        Assert.Equal(["plant/line 3/plc%7@2000", "plant/line 3/plc%7@1000"], clientId.Select(Key));
        Assert.Equal(["plant/line 3/plc%7@2000"], banned.Select(Key));
        Assert.Equal(["plant/line 3/plc%7@1000"], exact.Select(Key));
        Assert.Equal(["plant/line 3/plc%7@2000", "plant/line 3/plc%7@1000"], network.Select(Key));
        Assert.Equal(["other@3000"], v6.Select(Key));
        Assert.Equal(["other@4000"], limited.Select(Key));

        var refused = all[1];
        Assert.Equal(
            ("connack", "server_busy", "2001:db8:1:2::5", 50000, "2001:db8:1::/48", "user", "emqx@10.0.0.100", "mqtt", 5, 60, true, 0L),
            (refused.Kind, refused.ReasonCode, refused.PeerIp, refused.PeerPort!.Value, refused.PeerNetwork, refused.Username, refused.Node, refused.Source,
             refused.ProtoVer!.Value, refused.Keepalive!.Value, refused.CleanStart!.Value, refused.ExpiryIntervalSeconds!.Value));
        Assert.Equal(new DateTime(2025, 6, 10, 10, 0, 3, DateTimeKind.Utc), refused.At);
        Assert.Equal(("authorization", null, "cmd/#", "subscribe", "deny", "default"), (all[0].Kind, all[0].ReasonCode, all[0].Topic, all[0].Action, all[0].Result, all[0].AuthzSource));
        Assert.Contains("\"clientId\":\"other\"", json);
        Assert.Contains("\"authzSource\":\"default\"", json);
        Assert.DoesNotContain("rawJson", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_summary_has_refused_connects_per_reason_over_time_top_offenders_and_denials()
    {
        await AppendAsync(
            Refused("a", 1_000, ip: "192.0.2.7", username: "u1"),
            Refused("a", 61_000, ip: "192.0.2.8", username: "u1"),
            Refused("b", 62_000, "banned", ip: "192.0.2.9", username: "u2"),
            Denied("a", 63_000, "cmd/1"),
            Denied("a", 64_000, "cmd/1"));

        var summary = await _http.GetFromJsonAsync<RefusedSummaryDto>($"/api/refused/summary?{Range}&bucket=1m&limit=1", DashboardApp.Json);

        Assert.Equal((60L, new DateTime(2025, 6, 10, 10, 0, 0, DateTimeKind.Utc)), (summary!.BucketSeconds, summary.From));
        Assert.Equal([T0.UtcDateTime, T0.AddMinutes(1).UtcDateTime], summary.Buckets.Select(b => b.Start));
        Assert.Equal(new Dictionary<string, long> { ["bad_username_or_password"] = 1, ["banned"] = 1 }, summary.Buckets[1].Counts);
        var top = Assert.Single(summary.Offenders.ClientIds);
        Assert.Equal(("a", 2L, "bad_username_or_password"), (top.Key, top.Count, Assert.Single(top.ReasonCodes).ReasonCode));
        Assert.Equal("u1", Assert.Single(summary.Offenders.Usernames).Key);
        Assert.Equal("192.0.2.9", Assert.Single(summary.Offenders.PeerIps).Key);
        Assert.Equal(("192.0.2.0/24", 3L), (Assert.Single(summary.Offenders.Networks).Key, summary.Offenders.Networks[0].Count));
        Assert.Equal(("a", "cmd/1", 2L), (Assert.Single(summary.AuthorizationDenials).ClientId, summary.AuthorizationDenials[0].Topic, summary.AuthorizationDenials[0].Count));
    }

    [Fact]
    public async Task Failures_posted_to_the_webhook_are_listed_once_and_a_successful_connack_is_not()
    {
        string[] fixtures = ["client_connack_success.json", "client_connack_bad_credentials.json", "client_check_authn_complete_failure.json", "client_check_authz_complete_deny.json"];
        foreach (var fixture in fixtures.Append("client_connack_bad_credentials.json"))
        {
            (await _app.PostToWebhookAsync(Fixtures.Read(fixture))).EnsureSuccessStatusCode();
        }

        // The webhook answers 200 once the failures are stored: no waiting needed.
        var listed = await ListAsync("from=2025-06-10T00:00:00Z&to=2025-06-11T00:00:00Z");

        Assert.Equal(
            ["connack sensor-0099 bad_username_or_password 172.18.0.1 webhook", "authentication sensor-0099 bad_username_or_password 172.18.0.1 webhook", "authorization sensor-0042 factory/line-2/commands 172.18.0.1 webhook"],
            listed.Select(f => $"{f.Kind} {f.ClientId} {f.ReasonCode ?? f.Topic} {f.PeerIp} {f.Source}"));
        Assert.Equal(["sensor-0099"], (await ListAsync("from=2025-06-10T00:00:00Z&to=2025-06-11T00:00:00Z&reasonCode=bad_username_or_password&ip=172.18.0.0%2F24&limit=1")).Select(f => f.ClientId));
    }

    [Theory]
    [InlineData("/api/refused?ip=not-an-ip", "ip")]
    [InlineData("/api/refused?ip=10.0.0.1%2F16", "ip")]
    [InlineData("/api/refused?ip=2001:db8::%2F64", "ip")]
    [InlineData("/api/refused?ip=1", "ip")]
    [InlineData("/api/refused?clientId=LONG", "clientId")]
    [InlineData("/api/refused?reasonCode=LONG", "reasonCode")]
    [InlineData("/api/refused?ip=LONG", "ip")]
    [InlineData("/api/refused?limit=0", "limit")]
    [InlineData("/api/refused?limit=10001", "limit")]
    [InlineData("/api/refused?from=yesterday", "from")]
    [InlineData("/api/refused?from=2025-06-11T00:00:00Z&to=2025-06-10T00:00:00Z", "from")]
    [InlineData("/api/refused/summary?bucket=soon", "bucket")]
    [InlineData("/api/refused/summary?from=2025-06-01T00:00:00Z&to=2025-06-08T00:00:00Z&bucket=1m", "bucket")]
    [InlineData("/api/refused/summary?limit=1001", "limit")]
    public async Task Bad_parameters_are_a_validation_problem_naming_them(string url, string parameter)
    {
        // LONG: one character over the longest value any stored field can hold.
        var response = await _http.GetAsync(url.Replace("LONG", new string('a', 1025), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _), problem.RootElement.ToString());
    }

    [Fact]
    public async Task Without_history_both_answer_as_the_history_api_does()
    {
        await DisposeAsync();
        await StartAsync("none");

        var list = await _http.GetAsync($"/api/refused?{Range}");
        var summary = await _http.GetAsync("/api/refused/summary");
        var history = await _http.GetAsync("/api/events/export");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { list.StatusCode, summary.StatusCode, history.StatusCode });
        var expected = await ProblemAsync(history);
        Assert.Equal(expected, await ProblemAsync(list));
        Assert.Equal(expected, await ProblemAsync(summary));
        Assert.Equal("History is off", expected.Title);
    }

    /// <summary>A problem's media type, title and detail (its trace ID differs per request).</summary>
    private static async Task<(string? MediaType, string? Title, string? Detail)> ProblemAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.Content.Headers.ContentType?.MediaType, problem.RootElement.GetProperty("title").GetString(), problem.RootElement.GetProperty("detail").GetString());
    }

    private static string Key(RefusedDto f) => $"{f.ClientId}@{(f.At - T0.UtcDateTime).TotalMilliseconds}";

    private async Task<RefusedDto[]> ListAsync(string query) =>
        (await _http.GetFromJsonAsync<RefusedDto[]>($"/api/refused?{query}", DashboardApp.Json))!;

    private Task<int> AppendAsync(params Dashboard.Core.Events.AccessEvent[] failures) =>
        _app.Services.GetRequiredService<IHistoryStore>().AppendAccessFailuresAsync(failures, CancellationToken.None);

    private Task StartAsync(string history)
    {
        _app = new DashboardApp(new Dictionary<string, string?> { ["Mqtt:Enabled"] = "false", ["History:Provider"] = history });
        _app.StartServer();
        _http = _app.CreateClient();
        return Task.CompletedTask;
    }
}
