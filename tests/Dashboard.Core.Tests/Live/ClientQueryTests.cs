using Dashboard.Core.Live;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Core.Tests.Live;

public sealed class ClientQueryTests
{
    private readonly OnlineClients _clients = new(1000, TimeSpan.FromHours(1));

    public ClientQueryTests()
    {
        // c00 connected first … c24 last; every fifth one has since gone offline.
        for (var i = 0; i < 25; i++)
        {
            _clients.Apply(Connected($"c{i:00}", 1000 + i, $"10.0.{i % 3}.{i}", 40000 + i, username: i % 2 == 0 ? "even" : "odd"));
            if (i % 5 == 0)
            {
                _clients.Apply(Disconnected($"c{i:00}", 5000 + i, 1000 + i, "normal", $"10.0.{i % 3}.{i}", 40000 + i));
            }
        }
    }

    [Fact]
    public void Online_newest_first_by_default_with_the_total()
    {
        var page = _clients.Query(new ClientQuery(PageSize: 3));

        Assert.Equal(20, page.Total);
        Assert.Equal(["c24", "c23", "c22"], page.Items.Select(c => c.ClientId));
    }

    [Fact]
    public void Later_pages_continue_where_the_previous_ended()
    {
        var all = _clients.Query(new ClientQuery(PageSize: 100)).Items.Select(c => c.ClientId).ToList();

        var pages = Enumerable.Range(1, 7)
            .SelectMany(p => _clients.Query(new ClientQuery(Page: p, PageSize: 3)).Items.Select(c => c.ClientId))
            .ToList();

        Assert.Equal(all, pages);
        Assert.Empty(_clients.Query(new ClientQuery(Page: 8, PageSize: 3)).Items);
    }

    [Fact]
    public void Ascending_by_connect_time()
    {
        var page = _clients.Query(new ClientQuery(Descending: false, PageSize: 2));

        Assert.Equal(["c01", "c02"], page.Items.Select(c => c.ClientId));
    }

    [Fact]
    public void Offline_and_all_filters()
    {
        Assert.Equal(5, _clients.Query(new ClientQuery(ClientStateFilter.Offline)).Total);
        Assert.Equal(25, _clients.Query(new ClientQuery(ClientStateFilter.All)).Total);
        Assert.All(_clients.Query(new ClientQuery(ClientStateFilter.Offline)).Items, c => Assert.False(c.Online));
    }

    [Fact]
    public void Search_matches_client_id_substring_ignoring_case()
    {
        var page = _clients.Query(new ClientQuery(ClientStateFilter.All, Search: "C1", SortBy: ClientSortField.ClientId, Descending: false));

        Assert.Equal(["c10", "c11", "c12", "c13", "c14", "c15", "c16", "c17", "c18", "c19"], page.Items.Select(c => c.ClientId));
    }

    [Fact]
    public void Search_matches_username()
    {
        Assert.Equal(12, _clients.Query(new ClientQuery(ClientStateFilter.All, Search: "odd")).Total);
        Assert.All(_clients.Query(new ClientQuery(ClientStateFilter.All, Search: "odd")).Items, c => Assert.Equal("odd", c.Username));
    }

    [Fact]
    public void Client_id_only_search_ignores_usernames_and_ips()
    {
        Assert.Equal(0, _clients.Query(new ClientQuery(ClientStateFilter.All, Search: "odd", ClientIdOnly: true)).Total);
        Assert.Equal(0, _clients.Query(new ClientQuery(ClientStateFilter.All, Search: "10.0.", ClientIdOnly: true)).Total);
        Assert.Equal(
            ["c10", "c11"],
            _clients.Query(new ClientQuery(ClientStateFilter.All, Search: "c1", SortBy: ClientSortField.ClientId, Descending: false, PageSize: 2, ClientIdOnly: true)).Items.Select(c => c.ClientId));
        Assert.Equal(10, _clients.Query(new ClientQuery(ClientStateFilter.All, Search: "c1", ClientIdOnly: true)).Total);
    }

    [Fact]
    public void Search_matches_ip_prefix_not_ip_substring()
    {
        var byPrefix = _clients.Query(new ClientQuery(ClientStateFilter.All, Search: "10.0.2.", PageSize: 100));
        Assert.Equal(8, byPrefix.Total);
        Assert.All(byPrefix.Items, c => Assert.StartsWith("10.0.2.", c.PeerIp));

        Assert.Equal(0, _clients.Query(new ClientQuery(ClientStateFilter.All, Search: "0.2.")).Total);
    }

    [Fact]
    public void Page_size_is_capped()
    {
        var page = _clients.Query(new ClientQuery(ClientStateFilter.All, PageSize: 1_000_000));

        Assert.Equal(25, page.Items.Count);
    }
}
