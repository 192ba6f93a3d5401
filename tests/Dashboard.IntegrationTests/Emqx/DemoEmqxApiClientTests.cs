using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dashboard.Core.Emqx;
using Dashboard.Demo.Api;
using Dashboard.Emqx;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// The dashboard's EMQX client against a real HTTP server speaking EMQX 5.8's REST shapes (the demo
/// API): listing by cursor and by page, one client, kicks, and EMQX's errors.
/// </summary>
public sealed class DemoEmqxApiClientTests
{
    [Fact]
    public async Task The_cursor_listing_reads_every_client_once_in_pages()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 2_500, pageSize: 1000);

        var pages = await ListAsync(server.Client);

        Assert.Equal([1000, 1000, 500], pages.Select(p => p.Clients.Count));
        var ids = pages.SelectMany(p => p.Clients).Select(c => c.ClientId).ToList();
        Assert.Equal(2_500, ids.Distinct().Count());
        Assert.Equal(server.Table.IdAt(0), ids[0]);
        Assert.Equal(server.Table.IdAt(2_499), ids[^1]);
        Assert.Null(pages[^1].NextCursor);
        Assert.Equal(3, server.Api.RequestsTo("clients_v2"));
        Assert.Equal(0, server.Api.RequestsTo("clients"));
    }

    [Fact]
    public async Task Listed_rows_carry_the_fields_asked_for_with_rfc3339_times_and_null_usernames()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 3);

        var clients = (await ListAsync(server.Client)).SelectMany(p => p.Clients).ToList();

        var first = clients[0];
        Assert.Null(first.Username); // index 0: generated without a username
        Assert.Equal("user-1", clients[1].Username);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero), first.ConnectedAt);
        Assert.Equal(TimeSpan.Zero, first.ConnectedAt!.Value.Offset);
        Assert.Equal("10.0.0.0", first.PeerIp);
        Assert.Equal(10_000, first.PeerPort);
        Assert.Equal(60, first.Keepalive);
        Assert.Equal(5, first.ProtoVer);
        Assert.Equal(4, clients[1].ProtoVer);
        Assert.Null(first.Queue); // the listing asks only for the fields the session model needs
    }

    [Fact]
    public async Task Without_clients_v2_the_listing_falls_back_to_pages_as_with_emqx_5_6()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 2_500, pageSize: 1000);
        server.Api.CursorListing = false;

        var pages = await ListAsync(server.Client);
        var again = await ListAsync(server.Client);

        Assert.Equal([1000, 1000, 500], pages.Select(p => p.Clients.Count));
        Assert.Equal(2_500, pages.SelectMany(p => p.Clients).Select(c => c.ClientId).Distinct().Count());
        Assert.Equal(2_500, again.Sum(p => p.Clients.Count));
        Assert.Equal(1, server.Api.RequestsTo("clients_v2")); // asked once; the second listing went straight to pages
        Assert.Equal(6, server.Api.RequestsTo("clients"));
    }

    [Fact]
    public async Task A_client_removed_during_a_listing_does_not_shift_the_cursor()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 30, pageSize: 10);
        var seen = new List<string>();
        await foreach (var page in server.Client.ListConnectedAsync(CancellationToken.None))
        {
            seen.AddRange(page.Clients.Select(c => c.ClientId));
            if (seen.Count == 10)
            {
                Assert.True(server.Table.Remove(server.Table.IdAt(5)));
                Assert.True(server.Table.Remove(server.Table.IdAt(15)));
            }
        }

        Assert.Equal(29, seen.Count);
        Assert.DoesNotContain(server.Table.IdAt(15), seen);
        Assert.Equal(Enumerable.Range(0, 30).Where(i => i != 15).Select(i => server.Table.IdAt(i)), seen);
    }

    [Fact]
    public async Task A_wrong_secret_is_EMQXs_401_with_its_code()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 1, secret: "not-the-secret-at-all");

        var error = await Assert.ThrowsAsync<EmqxApiException>(() => server.Client.GetBrokerInfoAsync(CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("BAD_API_KEY_OR_SECRET", error.Code);
        Assert.Contains("Check api_key/api_secret", error.Message);
        Assert.DoesNotContain("not-the-secret-at-all", error.Message);
    }

    [Fact]
    public async Task A_missing_or_malformed_authorization_gets_401_with_www_authenticate()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 1);
        using var http = new HttpClient { BaseAddress = server.Api.Url };

        using var none = await http.GetAsync(new Uri("api/v5/nodes", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v5/clients");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "!!not base64!!");
        using var malformed = await http.SendAsync(request);
        using var status = await http.GetAsync(new Uri("api/v5/status", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Basic", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("{\"code\":\"BAD_API_KEY_OR_SECRET\",\"message\":\"Check api_key/api_secret\"}", await none.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode); // EMQX's health check is open
        Assert.Contains("is started", await status.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task One_client_has_its_queue_figures_and_an_unknown_one_is_null()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 5);
        var id = server.Table.IdAt(2);
        server.Table.SetQueue(id, new SessionQueueFigures(12, 1000, 7, 3, 32));

        var client = await server.Client.GetClientAsync(id, CancellationToken.None);
        var unknown = await server.Client.GetClientAsync("nobody", CancellationToken.None);

        Assert.NotNull(client);
        Assert.Equal(id, client.ClientId);
        Assert.Equal(new SessionQueueFigures(12, 1000, 7, 3, 32), client.Queue);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task Client_ids_with_slashes_percent_signs_and_spaces_round_trip()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 0);
        string[] ids = ["a/b", "a%2Fb", "with space", "ünï/cødé?x=1#y"];
        foreach (var id in ids)
        {
            Assert.True(server.Table.Add(new DemoClient(id, null, "10.1.1.1", 1234, DateTimeOffset.UnixEpoch.AddYears(40), 30, true, 0, 5)));
        }

        foreach (var id in ids)
        {
            Assert.Equal(id, (await server.Client.GetClientAsync(id, CancellationToken.None))?.ClientId);
        }

        Assert.True(await server.Client.KickAsync("a%2Fb", CancellationToken.None));
        Assert.NotNull(server.Table.Find("a/b"));
        Assert.Null(server.Table.Find("a%2Fb"));
    }

    [Fact]
    public async Task A_kick_is_204_then_404_and_removes_the_client()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 10);
        var id = server.Table.IdAt(4);

        Assert.True(await server.Client.KickAsync(id, CancellationToken.None));
        Assert.False(await server.Client.KickAsync(id, CancellationToken.None));

        Assert.Equal([id, id], server.Table.KicksReceived);
        Assert.Null(server.Table.Find(id));
        Assert.Equal(9, server.Table.Count);
    }

    [Fact]
    public async Task A_bulk_kick_reaches_every_id_and_bad_bodies_are_400()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 10);
        string[] ids = [server.Table.IdAt(1), server.Table.IdAt(2), "unknown"];

        await server.Client.KickManyAsync(ids, CancellationToken.None);

        Assert.Equal(ids, server.Table.KicksReceived);
        Assert.Equal(8, server.Table.Count);
        foreach (var body in new[] { "{\"not\":\"an array\"}", "[1,2]", "[\"\"]", "not json" })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await server.Client.SendAsync(HttpMethod.Post, "clients/kickout/bulk", content, CancellationToken.None);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("clients?limit=0")]
    [InlineData("clients?limit=10001")]
    [InlineData("clients?page=0")]
    [InlineData("clients?conn_state=sleepy")]
    [InlineData("clients_v2?limit=abc")]
    [InlineData("clients_v2?cursor=not-a-position")]
    public async Task Out_of_range_listing_parameters_are_400(string uri)
    {
        await using var server = await DemoApiServer.StartAsync(clients: 10);

        using var response = await server.Client.SendAsync(HttpMethod.Get, uri, null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_cursor_longer_than_the_bound_is_400()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 10);

        using var response = await server.Client.SendAsync(HttpMethod.Get, "clients_v2?cursor=" + new string('1', 300), null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Nodes_give_the_version_and_the_node()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 10);

        var info = await server.Client.GetBrokerInfoAsync(CancellationToken.None);

        Assert.Equal("5.8.9", info.Version);
        Assert.Equal(new BrokerNode("demo@127.0.0.1", "5.8.9", "running"), Assert.Single(info.Nodes));
    }

    [Fact]
    public async Task A_hostile_client_id_in_the_listing_is_skipped_not_guessed_at()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 2);
        server.Table.Add(new DemoClient(new string('x', 10_000), null, "10.1.1.1", 1, DateTimeOffset.UnixEpoch.AddYears(50), 30, true, 0, 5));
        server.Table.Add(new DemoClient("nul\0id", "u\0ser", "10.1.1.1", 1, DateTimeOffset.UnixEpoch.AddYears(50), 30, true, 0, 5));

        var pages = await ListAsync(server.Client);

        Assert.Equal(2, pages.Sum(p => p.Clients.Count));
        Assert.Equal(2, pages.Sum(p => p.Skipped));
    }

    private static async Task<List<BrokerClientPage>> ListAsync(EmqxApiClient client)
    {
        var pages = new List<BrokerClientPage>();
        await foreach (var page in client.ListConnectedAsync(CancellationToken.None))
        {
            pages.Add(page);
        }

        return pages;
    }
}
