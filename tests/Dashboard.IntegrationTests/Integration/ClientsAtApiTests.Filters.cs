using System.Net;

namespace Dashboard.Tests.Integration;

/// <summary><c>/api/clients?at=</c> with the live list's search and filters, tested on the connect that began each session.</summary>
public sealed partial class ClientsAtApiTests
{
    private const string At30s = "/api/clients?at=2025-06-10T10:00:30Z";

    [Theory]
    [InlineData("", "plant/a plant/b plant/c plant/d plant/e")]
    [InlineData("&node=N1", "plant/a plant/c plant/e")]
    [InlineData("&username=u2", "plant/b plant/d")]
    [InlineData("&username=U2", "")]
    [InlineData("&proto=4", "plant/b")]
    [InlineData("&keepaliveMin=60", "plant/a plant/c")]
    [InlineData("&keepaliveMin=20&keepaliveMax=60", "plant/a plant/b")]
    [InlineData("&cleanStart=false", "plant/b plant/c")]
    [InlineData("&connectedAfter=2025-06-10T10:00:01Z", "plant/b plant/c")]
    [InlineData("&connectedBefore=2025-06-10T10:00:01Z", "plant/a plant/d plant/e")]
    [InlineData("&q=10.1.", "plant/c")]
    [InlineData("&q=U1", "plant/a plant/c plant/e")]
    [InlineData("&node=n1&cleanStart=false", "plant/c")]
    [InlineData("&reason=normal", "plant/a plant/b plant/c plant/d plant/e")]
    [InlineData("&sort=clientId&order=asc&state=online", "plant/a plant/b plant/c plant/d plant/e")]
    public async Task Filters_apply_to_the_connect_that_began_the_session(string filters, string expected)
    {
        await SeedFleetAsync();

        var page = await GetAsync(At30s + filters);

        Assert.Equal(expected, string.Join(' ', page.Items.Select(c => c.ClientId)));
        Assert.False(page.HasMore);
        Assert.False(page.ScanCapped);
    }

    [Theory]
    [InlineData("", "plant/d@keepalive_timeout plant/e@normal")]
    [InlineData("&reason=NORMAL", "plant/e@normal")]
    [InlineData("&node=n2", "plant/d@keepalive_timeout")]
    [InlineData("&q=plant/e", "plant/e@normal")]
    [InlineData("&username=u1&reason=keepalive_timeout", "")]
    public async Task The_went_offline_list_is_filtered_by_reason_and_what_a_disconnect_carries(string filters, string expected)
    {
        await SeedFleetAsync();

        var page = await GetAsync(At30s + filters);

        Assert.Equal(expected, string.Join(' ', page.WentOffline.Select(e => $"{e.ClientId}@{e.Reason}")));
    }

    [Fact]
    public async Task A_filtered_list_reads_on_after_the_last_client()
    {
        await SeedFleetAsync();

        var first = await GetAsync(At30s + "&node=n1&pageSize=2");
        var rest = await GetAsync(At30s + "&node=n1&pageSize=2&after=" + Uri.EscapeDataString(first.Next!));
        var second = await GetAsync(At30s + "&node=n1&pageSize=2&page=2");

        Assert.Equal(["plant/a", "plant/c"], first.Items.Select(c => c.ClientId));
        Assert.True(first.HasMore);
        Assert.Equal("plant/c", first.Next);
        Assert.Equal(["plant/e"], rest.Items.Select(c => c.ClientId));
        Assert.False(rest.HasMore);
        Assert.Null(rest.Next);
        Assert.Equal(rest.Items.Select(c => c.ClientId), second.Items.Select(c => c.ClientId));
    }

    /// <summary>
    /// From 10:00:00: a (n1, u1, MQTT 5, 60 s, clean), b (n2, u2, 3.1.1, 30 s, not clean, from 10:00:01),
    /// c (n1, u1, MQTT 5, 120 s, not clean, 10.1.0.3, from 10:00:02), d (n2, 10 s, from 10:00:00.5, off at
    /// 10:01:00, keepalive_timeout) and e (n1, u1, 10 s, from 10:00:00.6, off at 10:01:10, normal).
    /// </summary>
    private async Task SeedFleetAsync()
    {
        static string Connect(string id, long at, string ip, string node, string user, int proto, int keepalive, bool clean) =>
            $$"""{"event":"client.connected","clientid":"{{id}}","connected_at":{{at}},"peername":"{{ip}}:4000","node":"{{node}}","username":"{{user}}","proto_ver":{{proto}},"keepalive":{{keepalive}},"clean_start":{{(clean ? "true" : "false")}}}""";
        static string Disconnect(string id, long connectedAt, long at, string ip, string node, string user, string reason) =>
            $$"""{"event":"client.disconnected","clientid":"{{id}}","connected_at":{{connectedAt}},"disconnected_at":{{at}},"peername":"{{ip}}:4000","node":"{{node}}","username":"{{user}}","reason":"{{reason}}"}""";

        string[] lines =
        [
            Connect("plant/a", T0, "10.0.0.1", "n1", "u1", 5, 60, true),
            Connect("plant/b", T0 + 1000, "10.0.0.2", "n2", "u2", 4, 30, false),
            Connect("plant/c", T0 + 2000, "10.1.0.3", "n1", "u1", 5, 120, false),
            Connect("plant/d", T0 + 500, "10.0.0.4", "n2", "u2", 5, 10, true),
            Connect("plant/e", T0 + 600, "10.0.0.5", "n1", "u1", 5, 10, true),
            Disconnect("plant/d", T0 + 500, T0 + 60_000, "10.0.0.4", "n2", "u2", "keepalive_timeout"),
            Disconnect("plant/e", T0 + 600, T0 + 70_000, "10.0.0.5", "n1", "u1", "normal"),
        ];
        var response = await _app.PostToWebhookAsync(string.Join("\n", lines));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
