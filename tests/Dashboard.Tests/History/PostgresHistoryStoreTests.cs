using Dashboard.Tests.Shared;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.History;
using Dashboard.Tests.Integration.Infrastructure;
using static Dashboard.Tests.History.HistoryEvents;

namespace Dashboard.Tests.History;

/// <summary>The contract against a real PostgreSQL; one server for the class, one database per test.</summary>
public sealed class PostgresHistoryStoreTests(PostgresServer server) : HistoryStoreContractTests, IClassFixture<PostgresServer>
{
    protected override string ExpectedProvider => "postgres";

    protected override Task<string> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    protected override IHistoryStore Open(string connectionString) => new PostgresHistoryStore(connectionString);

    [Fact]
    public async Task Instances_starting_at_once_on_a_new_database_all_initialise()
    {
        var fresh = await server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 6).Select(_ => new PostgresHistoryStore(fresh)).ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => s.InitializeAsync(None)));

            Assert.Equal(1, await stores[0].AppendAsync([Connected("a", 1)], None));
            Assert.Equal(0, await stores[5].AppendAsync([Connected("a", 1)], None));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Instances_writing_the_same_events_at_once_store_each_once()
    {
        // Scale-out: every instance ingests the whole stream, in its own batches and order.
        var second = await OpenInitializedAsync();
        var events = Enumerable.Range(0, 4000).Select(i => Connected($"c{i % 300}", i)).ToArray();
        var reversed = events.Reverse().ToArray();

        var added = await Task.WhenAll(
            Task.Run(() => AppendInBatchesAsync(Store, events, 500)),
            Task.Run(() => AppendInBatchesAsync(second, reversed, 700)));

        Assert.Equal(4000, added.Sum());
        Assert.Equal(4000, (await Store.GetStatsAsync(None)).EventCount);
    }

    private static async Task<int> AppendInBatchesAsync(IHistoryStore store, ConnectionEvent[] events, int size)
    {
        var added = 0;
        foreach (var batch in events.Chunk(size))
        {
            added += await store.AppendAsync(batch, None);
        }

        return added;
    }
}
