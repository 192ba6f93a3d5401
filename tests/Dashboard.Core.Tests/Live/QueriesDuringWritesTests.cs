using Dashboard.Core.Events;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Core.Tests.Live;

/// <summary>
/// Client-list queries copy rows under the lock and order them outside it, taking late pages from
/// the far end: the pages must still be those of a full sort, and a page read while the pipeline
/// writes must hold whole records, never half of one session and half of the next.
/// </summary>
public sealed class QueriesDuringWritesTests
{
    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(false, "-1")]
    [InlineData(true, "10.0.3.")]
    public void Every_page_by_client_id_equals_the_same_page_of_a_full_sort(bool descending, string? search)
    {
        var clients = new OnlineClients(10_000, TimeSpan.FromDays(1));
        var random = new Random(11);
        for (var i = 0; i < 500; i++)
        {
            clients.Apply(Connected($"c{random.Next(100_000):D6}-{i}", 1000 + i, $"10.0.{i % 7}.{i % 250}", 40000 + i));
        }

        var everything = clients.Query(new ClientQuery(ClientStateFilter.All, search, ClientSortField.ConnectedAt, true, 1, 1000)).Items.Select(c => c.ClientId);
        var expected = (descending ? everything.OrderDescending(StringComparer.Ordinal) : everything.Order(StringComparer.Ordinal)).ToList();
        Assert.NotEmpty(expected);
        for (var page = 1; page <= (expected.Count / 37) + 2; page++)
        {
            var result = clients.Query(new ClientQuery(ClientStateFilter.All, search, ClientSortField.ClientId, descending, page, 37));

            Assert.Equal(expected.Count, result.Total);
            Assert.Equal(expected.Skip((page - 1) * 37).Take(37), result.Items.Select(c => c.ClientId));
        }
    }

    [Fact]
    public async Task Pages_read_while_batches_are_applied_hold_whole_records()
    {
        using var state = new LiveState(new LiveStateOptions(), new IngestDiagnostics(), TimeProvider.System);
        const int Clients = 2000;
        state.ApplyBatch([.. Enumerable.Range(0, Clients).Select(i => Session(i, 1))]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        // Every session of a client has its own port, username and node, all derived from its connect time.
        var writer = Task.Run(() =>
        {
            for (var round = 2; !stop.IsCancellationRequested; round++)
            {
                state.ApplyBatch([.. Enumerable.Range(0, Clients).Where(i => i % 7 == round % 7).Select(i => Session(i, round))]);
            }
        });
        var pagesRead = 0;
        var queries = new[]
        {
            new ClientQuery(PageSize: 100),
            new ClientQuery(SortBy: ClientSortField.ClientId, Page: 20, PageSize: 100),
            new ClientQuery(Search: "dev-01", SortBy: ClientSortField.ClientId, Descending: false, Page: 3, PageSize: 100),
        };
        while (!stop.IsCancellationRequested)
        {
            var result = state.QueryClients(queries[pagesRead++ % queries.Length]);

            Assert.Equal(100, result.Items.Count);
            Assert.All(result.Items, c =>
            {
                var round = (c.ConnectedAt!.Value - T0).TotalMilliseconds;
                Assert.Equal($"user-{round}", c.Username);
                Assert.Equal($"node-{round}", c.Node);
                Assert.Equal(1000 + (int)round, c.PeerPort);
            });
        }

        await writer;
        Assert.True(pagesRead > 10, $"only {pagesRead} pages were read");
    }

    private static ConnectionEvent Session(int client, int round) =>
        Connected($"dev-{client:D5}", round, port: 1000 + round, username: $"user-{round}") with { Node = $"node-{round}" };
}
