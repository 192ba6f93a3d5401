using System.Net;
using Dashboard.Emqx;
using Dashboard.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// The dashboard's EMQX client reading the recorded answers of tests/Fixtures/emqx ("REST: clients
/// and nodes") byte for byte, as EMQX 5.8.9 would send them.
/// </summary>
public sealed class EmqxApiClientFixtureTests
{
    [Fact]
    public async Task Nodes_give_the_first_version_and_every_node_running_or_stopped()
    {
        await using var services = Client(HttpStatusCode.OK, "api_nodes.json", out var client);

        var info = await client.GetBrokerInfoAsync(CancellationToken.None);

        Assert.Equal("5.8.9", info.Version);
        Assert.Equal(
            [new BrokerNode("emqx@172.18.0.2", "5.8.9", "running"), new BrokerNode("emqx@172.18.0.3", null, "stopped")],
            info.Nodes);
    }

    [Fact]
    public async Task Client_not_found_is_null()
    {
        await using var services = Client(HttpStatusCode.NotFound, "api_client_not_found.json", out var client);

        Assert.Null(await client.GetClientAsync("nobody", CancellationToken.None));
        Assert.False(await client.KickAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task One_client_reads_its_queue()
    {
        await using var services = Client(HttpStatusCode.OK, "api_client.json", out var client);

        var own = await client.GetClientAsync("connection-dashboard", CancellationToken.None);

        Assert.Equal(1843, own!.Queue!.MqueueDropped);
    }

    [Fact]
    public async Task A_cursor_page_then_the_last_page_list_three_clients()
    {
        var handler = new FixtureHandler([(HttpStatusCode.OK, "api_clients_v2_page.json"), (HttpStatusCode.OK, "api_clients_v2_last_page.json")]);
        await using var services = Services(handler);
        var client = services.GetRequiredService<EmqxApiClient>();

        var ids = new List<string>();
        await foreach (var page in client.ListConnectedAsync(CancellationToken.None))
        {
            ids.AddRange(page.Clients.Select(c => c.ClientId));
        }

        Assert.Equal(["sensor-0042", "gw-line3-plc07", "mobile-app-55d1e0"], ids);
        Assert.Contains("cursor=g2wAAAADYQFhAm0AAAACYzJq", handler.Requests[1], StringComparison.Ordinal);
        Assert.DoesNotContain("cursor=", handler.Requests[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_v1_page_without_more_ends_the_fallback_listing_and_leaves_out_disconnected_rows()
    {
        var handler = new FixtureHandler([(HttpStatusCode.NotFound, "api_client_not_found.json"), (HttpStatusCode.OK, "api_clients_page.json")]);
        await using var services = Services(handler);
        var client = services.GetRequiredService<EmqxApiClient>();

        var pages = new List<Core.Emqx.BrokerClientPage>();
        await using var listing = client.ListConnectedAsync(CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await listing.MoveNextAsync());
        pages.Add(listing.Current);

        // The fixture says hasnext: true; the one page read is enough to see the connected:false row left out.
        Assert.Equal(["sensor-0042", "gw-line3-plc07"], pages[0].Clients.Select(c => c.ClientId));
        Assert.StartsWith("/api/v5/clients?conn_state=connected&page=1", handler.Requests[1], StringComparison.Ordinal);
    }

    private static ServiceProvider Client(HttpStatusCode status, string fixture, out EmqxApiClient client)
    {
        var services = Services(new FixtureHandler([(status, fixture), (status, fixture)]));
        client = services.GetRequiredService<EmqxApiClient>();
        return services;
    }

    private static ServiceProvider Services(FixtureHandler handler)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<IngestOptions>();
        services.AddOptions<EmqxOptions>().Configure(o =>
        {
            o.ApiUrl = "http://emqx.invalid:18083";
            o.ApiKey = "k";
            o.ApiSecret = "s";
        });
        services.AddEmqxApi();
        services.AddHttpClient(EmqxApiClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider();
    }

    /// <summary>Answers each request with the next recorded fixture, and keeps the request targets.</summary>
    private sealed class FixtureHandler((HttpStatusCode Status, string Fixture)[] answers) : HttpMessageHandler
    {
        private int _next;

        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.PathAndQuery);
            var (status, fixture) = answers[Math.Min(_next++, answers.Length - 1)];
            var body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "emqx", fixture));
            return Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent(body) });
        }
    }
}
