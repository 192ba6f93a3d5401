using Dashboard.Core.Groups;
using Dashboard.Core.Live;
using Dashboard.Tests.Components;
using Dashboard.ViewModels;

namespace Dashboard.Tests.ViewModels;

/// <summary>The client list's logic without a renderer: its URL both ways, the changes a user makes, loading and the texts.</summary>
public sealed class ClientsViewTests : IDisposable
{
    private static readonly DateTimeOffset Now = DashboardTestHost.Start;

    private readonly LiveOnAClock _live = new();
    private readonly ClientsView _view;

    public ClientsViewTests()
    {
        _view = new ClientsView(_live.State, _live.Time);
    }

    public void Dispose() => _live.Dispose();

    [Fact]
    public void A_url_with_every_parameter_round_trips()
    {
        var url = new Dictionary<string, string?>
        {
            ["state"] = "all",
            ["q"] = "pump",
            ["node"] = "emqx@n1",
            ["username"] = "plant-3",
            ["reason"] = "keepalive_timeout",
            ["proto"] = "4",
            ["cleanStart"] = "false",
            ["keepaliveMin"] = "30",
            ["keepaliveMax"] = "120",
            ["connectedAfter"] = "2025-04-30T10:00:00Z",
            ["connectedBefore"] = "2025-04-30T11:00:00.250Z",
            ["group"] = "plant-3",
            ["sort"] = "keepalive",
            ["order"] = "asc",
            ["page"] = "3",
            ["pageSize"] = "100",
        };

        var groups = new StaticDeviceGroups(new GroupMatcher([DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!]));
        var query = ClientsView.ParseUrl(url, Now, groups);

        Assert.Equal(ClientStateFilter.All, query.State);
        Assert.Equal("pump", query.Search);
        Assert.Equal(
            new ClientFilters
            {
                Node = "emqx@n1",
                Username = "plant-3",
                LastReason = "keepalive_timeout",
                ProtoVer = 4,
                CleanStart = false,
                KeepaliveMin = 30,
                KeepaliveMax = 120,
                ConnectedAfter = new DateTimeOffset(2025, 4, 30, 10, 0, 0, TimeSpan.Zero),
                ConnectedBefore = new DateTimeOffset(2025, 4, 30, 11, 0, 0, 250, TimeSpan.Zero),
                Group = new GroupFilter(groups.Current, "plant-3"),
            },
            query.Filters);
        Assert.Equal((ClientSortField.Keepalive, false, 3, 100), (query.SortBy, query.Descending, query.Page, query.PageSize));
        Assert.Equal(url, ClientsView.Parameters(query).ToDictionary(p => p.Key, p => (string?)p.Value));
    }

    [Fact]
    public void Defaults_are_left_out_of_the_url()
    {
        var query = ClientsView.ParseUrl(new Dictionary<string, string?>(), Now);

        Assert.Equal(new ClientQuery(PageSize: ClientsView.DefaultPageSize), query);
        Assert.All(ClientsView.Parameters(query), p => Assert.Null(p.Value));

        // The offline list's default order is by disconnect time: still no sort in its URL.
        var offline = _view.WithState(ClientStateFilter.Offline);
        Assert.Equal(ClientSortField.DisconnectedAt, offline.SortBy);
        Assert.Equal(["state"], ClientsView.Parameters(offline).Where(p => p.Value is not null).Select(p => p.Key));
    }

    [Theory]
    [InlineData("state", "sometimes")]
    [InlineData("proto", "6")]
    [InlineData("cleanStart", "maybe")]
    [InlineData("keepaliveMin", "-5")]
    [InlineData("keepaliveMax", "lots")]
    [InlineData("connectedAfter", "yesterday")]
    [InlineData("group", "no-such-group")]
    [InlineData("group", "not a name!")]
    [InlineData("sort", "colour")]
    [InlineData("order", "up")]
    [InlineData("page", "0")]
    [InlineData("pageSize", "37")]
    public void A_wrong_value_falls_back_to_its_default(string name, string value)
    {
        var query = ClientsView.ParseUrl(new Dictionary<string, string?> { [name] = value, ["node"] = "kept" }, Now);

        Assert.Equal(new ClientQuery(PageSize: ClientsView.DefaultPageSize) { Filters = new ClientFilters { Node = "kept" } }, query);
    }

    [Fact]
    public void Contradicting_bounds_drop_the_lower_one()
    {
        var query = ClientsView.ParseUrl(
            new Dictionary<string, string?> { ["keepaliveMin"] = "90", ["keepaliveMax"] = "30", ["connectedAfter"] = "2025-05-01T00:00:00Z", ["connectedBefore"] = "2025-04-01T00:00:00Z" },
            Now);

        Assert.Equal((null, 30), (query.Filters.KeepaliveMin, query.Filters.KeepaliveMax));
        Assert.Null(query.Filters.ConnectedAfter);
        Assert.NotNull(query.Filters.ConnectedBefore);
    }

    [Fact]
    public void Only_a_changed_url_reloads_and_the_first_one_does_not()
    {
        var first = ClientsView.ParseUrl(new Dictionary<string, string?> { ["q"] = "dev" }, Now);

        Assert.False(_view.ApplyUrl(first));
        Assert.False(_view.ApplyUrl(ClientsView.ParseUrl(new Dictionary<string, string?> { ["q"] = "dev" }, Now)));
        Assert.True(_view.ApplyUrl(first with { Page = 2 }));
        Assert.Equal(2, _view.Query.Page);
    }

    [Fact]
    public void Changes_start_from_the_first_page_and_sorting_a_column_twice_turns_it_round()
    {
        _view.ApplyUrl(new ClientQuery(Page: 4));

        Assert.Equal(1, _view.WithSearch(" a ").Page);
        Assert.Equal("a", _view.WithSearch(" a ").Search);
        Assert.Null(_view.WithSearch("  ").Search);
        Assert.Equal(1, _view.WithFilters(new ClientFilters { ProtoVer = 5 }).Page);
        Assert.Equal(1, _view.WithPageSize(100).Page);
        Assert.Equal(7, _view.AtPage(7).Page);

        var byNode = _view.SortedBy(ClientSortField.Node);
        Assert.Equal((ClientSortField.Node, false, 1), (byNode.SortBy, byNode.Descending, byNode.Page));
        _view.ApplyUrl(byNode);
        Assert.True(_view.SortedBy(ClientSortField.Node).Descending);

        // Times start newest first.
        Assert.True(_view.SortedBy(ClientSortField.DisconnectedAt).Descending);
    }

    [Fact]
    public void The_export_link_carries_the_filters_and_the_order_spelled_out()
    {
        _view.ApplyUrl(_view.WithState(ClientStateFilter.Offline) with { Search = "a&b", Page = 3, Filters = new ClientFilters { Node = "emqx@n1" } });

        Assert.Equal("api/clients/export?state=offline&q=a%26b&node=emqx%40n1&sort=disconnectedAt&format=csv", _view.ExportLink("csv"));
    }

    [Theory]
    [InlineData(null, false, ClientStateFilter.Online, "No client is online.", "Connected since")]
    [InlineData(null, false, ClientStateFilter.Offline, "No client has gone offline recently.", "Offline since")]
    [InlineData(null, false, ClientStateFilter.All, "No clients seen yet.", "Connected / offline since")]
    [InlineData("x", false, ClientStateFilter.All, "No client matches \"x\".", "Connected / offline since")]
    [InlineData("x", true, ClientStateFilter.All, "No client matches \"x\" with these filters.", "Connected / offline since")]
    [InlineData(null, true, ClientStateFilter.Online, "No client matches these filters.", "Connected since")]
    public void Says_why_the_list_is_empty_and_what_the_time_column_means(string? search, bool filtered, ClientStateFilter state, string empty, string column)
    {
        _view.ApplyUrl(new ClientQuery(state, search) { Filters = filtered ? new ClientFilters { ProtoVer = 3 } : ClientFilters.None });

        Assert.Equal(empty, _view.NoRecordsText);
        Assert.Equal(column, _view.SinceColumnTitle);
    }

    [Fact]
    public async Task Loads_the_page_the_url_asks_for_and_says_when_nothing_ever_came()
    {
        var empty = await _view.LoadAsync(CancellationToken.None);
        Assert.Empty(empty.Items);
        Assert.True(_view.NoEventsYet);

        _live.State.ApplyBatch([
            .. Enumerable.Range(0, 5).Select(i => TestEvents.Connected($"pump-{i}", Now.AddSeconds(i), protoVer: i % 2 == 0 ? 5 : 4)),
            TestEvents.Connected("fan", Now)]);
        _live.Time.Advance(TimeSpan.FromSeconds(30));
        _view.ApplyUrl(ClientsView.ParseUrl(
            new Dictionary<string, string?> { ["q"] = "pump", ["proto"] = "5", ["sort"] = "clientId", ["order"] = "asc", ["page"] = "2", ["pageSize"] = "25" },
            Now));

        var page = await _view.LoadAsync(CancellationToken.None);

        Assert.Empty(page.Items);
        Assert.Equal(3, _view.Total);
        _view.ApplyUrl(_view.AtPage(1));
        Assert.Equal(["pump-0", "pump-2", "pump-4"], (await _view.LoadAsync(CancellationToken.None)).Items.Select(c => c.ClientId));
        Assert.False(_view.NoEventsYet);
        Assert.Equal(Now.AddSeconds(30), _view.Now);
        Assert.Equal(1, _view.PageCount);
    }

    [Fact]
    public void Ticks_move_the_clock_for_relative_times()
    {
        _live.Time.Advance(TimeSpan.FromSeconds(5));
        _view.Tick();

        Assert.Equal(Now.AddSeconds(5), _view.Now);
    }
}
