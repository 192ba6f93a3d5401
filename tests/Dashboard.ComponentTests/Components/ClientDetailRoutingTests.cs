using Bunit;
using Dashboard.Components;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Pages;
using Dashboard.Core.History;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>
/// Client IDs may hold '/', '%', spaces and any Unicode. Links escape the ID whole; the page reads
/// it back from the URL. These tests go through the app's real router and layout.
/// </summary>
public sealed class ClientDetailRoutingTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();
    private readonly InMemoryHistoryStore _store = new();

    public ClientDetailRoutingTests()
    {
        _host.Context.Services.AddSingleton<IHistoryStore>(_store);
    }

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    private NavigationManager Navigation => _host.Context.Services.GetRequiredService<NavigationManager>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("a/b", "clients/a%2Fb")]
    [InlineData("100% sure", "clients/100%25%20sure")]
    [InlineData("x%2Fy", "clients/x%252Fy")]
    [InlineData("é/東京", "clients/%C3%A9%2F%E6%9D%B1%E4%BA%AC")]
    public void Links_escape_the_whole_id_and_read_back_to_it(string clientId, string link)
    {
        Assert.Equal(link, ClientLinks.Detail(clientId));
        Assert.Equal(clientId, ClientLinks.ClientIdFromUri("http://localhost/" + link, "http://localhost/"));
        Assert.Equal(clientId, ClientLinks.ClientIdFromUri("http://localhost/" + link + "?x=1#top", "http://localhost/"));
    }

    [Theory]
    [InlineData("", "/clients/x%252Fy?from=1", "x%2Fy")]
    [InlineData("/dash", "/dash/clients/a%2Fb%20c", "a/b c")]
    [InlineData("", "/clients", null)]
    [InlineData("/dash", "/clients/a", null)]
    public void The_prerender_reads_the_id_from_the_raw_request_target(string pathBase, string rawTarget, string? expected)
    {
        Assert.Equal(expected, ClientLinks.ClientIdFromRawTarget(rawTarget, pathBase));
    }

    [Fact]
    public void Urls_that_are_not_a_drill_down_have_no_client_id()
    {
        Assert.Null(ClientLinks.ClientIdFromUri("http://localhost/clients", "http://localhost/"));
        Assert.Null(ClientLinks.ClientIdFromUri("http://localhost/clients/", "http://localhost/"));
        Assert.Null(ClientLinks.ClientIdFromUri("http://localhost/diagnostics", "http://localhost/"));
        Assert.Null(ClientLinks.ClientIdFromUri("http://elsewhere/clients/a", "http://localhost/"));
    }

    [Theory]
    [InlineData("plant/line 7/press")]
    [InlineData("x%2Fy")]
    [InlineData("100%")]
    [InlineData("température/東京")]
    public void The_router_opens_the_drill_down_for_an_escaped_link(string clientId)
    {
        _host.Apply(TestEvents.Connected(clientId, Now.AddMinutes(-1), "10.1.1.1", 1883));
        Navigation.NavigateTo(ClientLinks.Detail(clientId));

        var cut = _host.Context.Render<Routes>();

        cut.WaitForAssertion(() => Assert.Equal(clientId, cut.Find("[data-testid=detail-client-id]").TextContent), DashboardTestHost.Wait);
        Assert.Equal("online", cut.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Equal(clientId, _store.Queries[^1].ClientId);
    }

    [Fact]
    public void Following_a_link_to_another_client_reloads_the_page_for_it()
    {
        _host.Apply(TestEvents.Connected("a/1", Now.AddMinutes(-2)), TestEvents.Connected("b%2", Now.AddMinutes(-1)));
        Navigation.NavigateTo(ClientLinks.Detail("a/1"));
        var cut = _host.Context.Render<Routes>();
        cut.WaitForAssertion(() => Assert.Equal("a/1", cut.Find("[data-testid=detail-client-id]").TextContent), DashboardTestHost.Wait);

        cut.InvokeAsync(() => Navigation.NavigateTo(ClientLinks.Detail("b%2")));

        cut.WaitForAssertion(() => Assert.Equal("b%2", cut.Find("[data-testid=detail-client-id]").TextContent), DashboardTestHost.Wait);
        Assert.Equal("b%2", _store.Queries[^1].ClientId);
    }

    [Fact]
    public void The_client_list_links_each_id_to_its_drill_down()
    {
        _host.Apply(TestEvents.Connected("site 4/gw%1", Now.AddSeconds(-5)));

        var cut = _host.Context.Render<Clients>();

        cut.WaitForAssertion(() => Assert.Equal("clients/site%204%2Fgw%251", cut.Find("a[data-testid=client-id]").GetAttribute("href")), DashboardTestHost.Wait);
        Assert.Equal("site 4/gw%1", cut.Find("a[data-testid=client-id]").TextContent);
    }
}
