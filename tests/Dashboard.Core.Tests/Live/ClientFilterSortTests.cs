using Dashboard.Core.Events;
using Dashboard.Core.Groups;
using Dashboard.Core.Live;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Core.Tests.Live;

/// <summary>The client list's field filters and every sort column, over a table of five clients whose fields differ.</summary>
public sealed class ClientFilterSortTests
{
    /// <summary>First match wins: "c" by its client ID, the rest of 10.0.0.0/24 by address; "alice" is left no one (a and c are taken before).</summary>
    private static readonly GroupMatcher Groups = new(
    [
        DeviceGroup.TryCreate("just-c", "c", null, null, out _)!,
        DeviceGroup.TryCreate("net", null, null, "10.0.0.0/24", out _)!,
        DeviceGroup.TryCreate("alice", null, "alice", null, out _)!,
    ]);

    private readonly OnlineClients _clients = new(1000, TimeSpan.FromDays(1));

    public ClientFilterSortTests()
    {
        Add("a", 1000, "alice", "emqx@n1", 5, true, 60, "10.0.0.9", 1000);
        Add("b", 2000, "bob", "emqx@n2", 4, false, 30, "10.0.0.10", 1000);
        var c = Add("c", 3000, "alice", "emqx@n2", 3, true, 120, "10.0.0.10", 999);
        var d = Add("d", 4000, null, "emqx@n1", 5, null, null, null, null);
        Add("e", 5000, "Alice", "EMQX@N1", 5, true, 60, "10.0.0.2", 5);
        _clients.Apply(Disconnected(c, At(9000), "keepalive_timeout"));
        _clients.Apply(Disconnected(d, At(8000), "normal"));
    }

    public static TheoryData<string, ClientFilters, string?, string[]> Filters => new()
    {
        { "node, ignoring case", new ClientFilters { Node = "emqx@n1" }, null, ["a", "d", "e"] },
        { "username, exactly", new ClientFilters { Username = "alice" }, null, ["a", "c"] },
        { "last reason, ignoring case", new ClientFilters { LastReason = "KEEPALIVE_TIMEOUT" }, null, ["c"] },
        { "protocol 5", new ClientFilters { ProtoVer = 5 }, null, ["a", "d", "e"] },
        { "protocol 3", new ClientFilters { ProtoVer = 3 }, null, ["c"] },
        { "clean start off", new ClientFilters { CleanStart = false }, null, ["b"] },
        { "clean start on (unknown excluded)", new ClientFilters { CleanStart = true }, null, ["a", "c", "e"] },
        { "keepalive at least 60", new ClientFilters { KeepaliveMin = 60 }, null, ["a", "c", "e"] },
        { "keepalive at most 60 (unknown excluded)", new ClientFilters { KeepaliveMax = 60 }, null, ["a", "b", "e"] },
        { "keepalive 31 to 100", new ClientFilters { KeepaliveMin = 31, KeepaliveMax = 100 }, null, ["a", "e"] },
        { "connected at or after", new ClientFilters { ConnectedAfter = At(3000) }, null, ["c", "d", "e"] },
        { "connected before (exclusive)", new ClientFilters { ConnectedBefore = At(3000) }, null, ["a", "b"] },
        { "connected between", new ClientFilters { ConnectedAfter = At(2000), ConnectedBefore = At(4000) }, null, ["b", "c"] },
        { "node and the text search", new ClientFilters { Node = "emqx@n1" }, "ALICE", ["a", "e"] },
        { "several fields at once", new ClientFilters { Node = "emqx@n2", ProtoVer = 4, CleanStart = false, KeepaliveMax = 30 }, null, ["b"] },
        { "nothing matches", new ClientFilters { Node = "emqx@n1", ProtoVer = 4 }, null, [] },
        { "group by client ID", new ClientFilters { Group = new GroupFilter(Groups, "just-c") }, null, ["c"] },
        { "group by address, an earlier group's client left out", new ClientFilters { Group = new GroupFilter(Groups, "net") }, null, ["a", "b", "e"] },
        { "group whose clients all fall in earlier groups", new ClientFilters { Group = new GroupFilter(Groups, "alice") }, null, [] },
        { "group, name in another case", new ClientFilters { Group = new GroupFilter(Groups, "NET") }, null, ["a", "b", "e"] },
        { "group and node", new ClientFilters { Group = new GroupFilter(Groups, "net"), Node = "emqx@n1" }, null, ["a", "e"] },
        { "group and the text search", new ClientFilters { Group = new GroupFilter(Groups, "net") }, "bob", ["b"] },
    };

    public static TheoryData<ClientSortField, string[]> Sorts => new()
    {
        { ClientSortField.ClientId, ["a", "b", "c", "d", "e"] },

        // Missing values first; ordinal text, so "Alice" before "alice"; ties by client ID.
        { ClientSortField.Username, ["d", "e", "a", "c", "b"] },
        { ClientSortField.Node, ["e", "a", "d", "b", "c"] },

        // The IP as text, then the port.
        { ClientSortField.Peer, ["d", "c", "b", "e", "a"] },
        { ClientSortField.LastReason, ["a", "b", "e", "c", "d"] },
        { ClientSortField.ProtoVer, ["c", "b", "a", "d", "e"] },
        { ClientSortField.Keepalive, ["d", "b", "a", "e", "c"] },
        { ClientSortField.CleanStart, ["d", "b", "a", "c", "e"] },
        { ClientSortField.ConnectedAt, ["a", "b", "c", "d", "e"] },
        { ClientSortField.DisconnectedAt, ["a", "b", "e", "d", "c"] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void Each_filter_keeps_only_the_clients_it_names(string what, ClientFilters filters, string? search, string[] expected)
    {
        var page = _clients.Query(new ClientQuery(ClientStateFilter.All, search, ClientSortField.ClientId, Descending: false) { Filters = filters });

        Assert.True(expected.SequenceEqual(page.Items.Select(c => c.ClientId)), what);
        Assert.Equal(expected.Length, page.Total);
    }

    [Fact]
    public void Filters_combine_with_the_state()
    {
        var offline = _clients.Query(new ClientQuery(ClientStateFilter.Offline) { Filters = new ClientFilters { Node = "emqx@n1" } });
        var online = _clients.Query(new ClientQuery(ClientStateFilter.Online, SortBy: ClientSortField.ClientId) { Filters = new ClientFilters { Node = "emqx@n1" } });

        Assert.Equal(["d"], offline.Items.Select(c => c.ClientId));
        Assert.Equal(["e", "a"], online.Items.Select(c => c.ClientId));
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public void Each_column_sorts_both_ways_with_stable_pages(ClientSortField field, string[] ascending)
    {
        foreach (var descending in new[] { false, true })
        {
            // Descending turns the column round; ties stay in client ID order.
            var expected = descending ? SnapshotOrder.Ordered(_clients, field, descending: true) : ascending;
            foreach (var pageSize in new[] { 1, 2, 3, 5 })
            {
                var pages = Enumerable.Range(1, (ascending.Length + pageSize - 1) / pageSize)
                    .SelectMany(p => _clients.Query(new ClientQuery(ClientStateFilter.All, SortBy: field, Descending: descending, Page: p, PageSize: pageSize)).Items)
                    .Select(c => c.ClientId);
                Assert.Equal(expected, pages);
            }
        }
    }

    /// <summary>
    /// Many clients sharing a few values (the common case for keepalive, protocol, node): every page
    /// of every column, both ways, is what a full sort gives, including pages taken from the end.
    /// </summary>
    [Theory]
    [InlineData(ClientSortField.Keepalive)]
    [InlineData(ClientSortField.ProtoVer)]
    [InlineData(ClientSortField.CleanStart)]
    [InlineData(ClientSortField.ConnectedAt)]
    [InlineData(ClientSortField.Node)]
    [InlineData(ClientSortField.Username)]
    [InlineData(ClientSortField.Peer)]
    [InlineData(ClientSortField.LastReason)]
    public void Pages_over_many_ties_match_a_full_sort(ClientSortField field)
    {
        var clients = new OnlineClients(10_000, TimeSpan.FromDays(1));
        var random = new Random(17);
        for (var i = 0; i < 997; i++)
        {
            var id = $"dev-{random.Next(100_000):D5}-{i}";
            var connected = Connected(id, At(random.Next(50)), $"10.0.{random.Next(3)}.{random.Next(3)}", 1000 + random.Next(4), $"user-{random.Next(4)}") with
            {
                Node = $"node-{random.Next(3)}",
                Keepalive = new[] { 30, 60, 60, 60, 120 }[random.Next(5)],
                ProtoVer = 3 + random.Next(3),
                CleanStart = random.Next(2) == 0,
            };
            clients.Apply(connected);
            if (i % 3 == 0)
            {
                clients.Apply(Disconnected(connected, At(100 + random.Next(5)), random.Next(2) == 0 ? "normal" : "keepalive_timeout"));
            }
        }

        foreach (var descending in new[] { false, true })
        {
            var expected = SnapshotOrder.Ordered(clients, field, descending);
            foreach (var page in new[] { 1, 2, 10, 19, 20 })
            {
                var got = clients.Query(new ClientQuery(ClientStateFilter.All, SortBy: field, Descending: descending, Page: page, PageSize: 50)).Items.Select(c => c.ClientId);
                Assert.Equal(expected.Skip((page - 1) * 50).Take(50), got);
            }
        }
    }

    private ConnectionEvent Add(string id, long atMs, string? username, string node, int proto, bool? clean, int? keepalive, string? ip, int? port)
    {
        var e = Connected(id, At(atMs), ip, port, username, proto) with { Node = node, CleanStart = clean, Keepalive = keepalive };
        _clients.Apply(e);
        return e;
    }
}
