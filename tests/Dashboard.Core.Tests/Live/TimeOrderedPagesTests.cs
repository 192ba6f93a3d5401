using Dashboard.Core.Live;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Core.Tests.Live;

/// <summary>
/// Pages by connect or disconnect time come from a selection on the times, not a full sort: they
/// must still equal the pages of a full sort, with ties on time broken by client ID.
/// </summary>
public sealed class TimeOrderedPagesTests
{
    [Theory]
    [InlineData(ClientSortField.ConnectedAt, true)]
    [InlineData(ClientSortField.ConnectedAt, false)]
    [InlineData(ClientSortField.DisconnectedAt, true)]
    [InlineData(ClientSortField.DisconnectedAt, false)]
    public void Every_page_equals_the_same_page_of_a_full_sort_with_ties_and_a_filter(ClientSortField sort, bool descending)
    {
        var random = new Random(7);
        var clients = new OnlineClients(10_000, TimeSpan.FromDays(1));

        // Stored in connect order (the usual case), few distinct times (many ties), a third gone offline.
        for (var i = 0; i < 600; i++)
        {
            var connectedAt = 1000 + (i / 4);
            clients.Apply(Connected($"c{random.Next(100_000):D6}-{i}", connectedAt, $"10.0.{i % 7}.{i % 250}", 40000 + i));
        }

        foreach (var snapshot in clients.Query(new ClientQuery(PageSize: 1000)).Items.Where((_, n) => n % 3 == 0))
        {
            clients.Apply(Disconnected(snapshot.ClientId, 9000 + random.Next(20), snapshot.ConnectedAt!.Value.ToUnixTimeMilliseconds() - T0.ToUnixTimeMilliseconds(), "normal", snapshot.PeerIp, snapshot.PeerPort));
        }

        foreach (var (state, search) in new[] { (ClientStateFilter.All, (string?)null), (ClientStateFilter.Online, null), (ClientStateFilter.All, "10.0.3.") })
        {
            var everything = clients.Query(new ClientQuery(state, search, ClientSortField.ClientId, false, 1, 1000)).Items;
            var expected = FullSort(everything, sort, descending).Select(c => c.ClientId).ToList();
            for (var page = 1; page <= (expected.Count / 37) + 2; page++)
            {
                var result = clients.Query(new ClientQuery(state, search, sort, descending, page, 37));

                Assert.Equal(expected.Count, result.Total);
                Assert.Equal(expected.Skip((page - 1) * 37).Take(37), result.Items.Select(c => c.ClientId));
            }
        }
    }

    private static IEnumerable<ClientSnapshot> FullSort(IEnumerable<ClientSnapshot> rows, ClientSortField sort, bool descending)
    {
        Func<ClientSnapshot, long> time = sort == ClientSortField.DisconnectedAt
            ? c => c.DisconnectedAt?.ToUnixTimeMilliseconds() ?? 0
            : c => c.ConnectedAt?.ToUnixTimeMilliseconds() ?? 0;
        var byTime = descending ? rows.OrderByDescending(time) : rows.OrderBy(time);
        return byTime.ThenBy(c => c.ClientId, StringComparer.Ordinal);
    }
}
