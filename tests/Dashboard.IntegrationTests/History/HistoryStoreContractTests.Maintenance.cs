using Dashboard.Core.History;
using static Dashboard.Tests.History.HistoryExpectations;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>Pruning, statistics, start-up and reopening.</summary>
public abstract partial class HistoryStoreContractTests
{
    [Fact]
    public async Task Prune_deletes_only_older_events_oldest_first_in_batches_until_none_are_left()
    {
        await Store.AppendAsync(Enumerable.Range(0, 10).Select(i => Connected($"c{9 - i}", 9 - i)).ToArray(), None);

        var first = await Store.PruneAsync(At(5), 2, None);
        var afterFirst = await Store.GetStatsAsync(None);
        var rest = new List<int>();
        int deleted;
        while ((deleted = await Store.PruneAsync(At(5), 2, None)) > 0)
        {
            rest.Add(deleted);
        }

        Assert.Equal(2, first);
        Assert.Equal(At(2), afterFirst.Oldest);
        Assert.Equal([2, 1], rest);
        Assert.Equal(["c5@5", "c6@6", "c7@7", "c8@8", "c9@9"], Keys(await AllAsync()));
    }

    [Fact]
    public async Task Prune_of_an_empty_store_deletes_nothing()
    {
        Assert.Equal(0, await Store.PruneAsync(At(1000), 100, None));
    }

    [Fact]
    public async Task A_pruned_event_that_arrives_again_is_stored_again()
    {
        await Store.AppendAsync([Connected("a", 1)], None);
        await Store.PruneAsync(At(2), 10, None);

        Assert.Equal(1, await Store.AppendAsync([Connected("a", 1)], None));
    }

    [Fact]
    public async Task Stats_count_events_and_give_the_oldest_and_newest()
    {
        var empty = await Store.GetStatsAsync(None);
        await Store.AppendAsync([Connected("a", 30), Connected("b", -20), Disconnected("a", 50)], None);

        var stats = await Store.GetStatsAsync(None);

        Assert.Equal(new HistoryStats(0, null, null, empty.SizeBytes), empty);
        Assert.Equal((3, At(-20), At(50)), (stats.EventCount, stats.Oldest, stats.Newest));
        Assert.True(stats.SizeBytes > 0);
    }

    [Fact]
    public async Task Initialize_twice_is_fine_and_keeps_the_data()
    {
        await Store.AppendAsync([Connected("a", 1)], None);

        await Store.InitializeAsync(None);
        await Store.InitializeAsync(None);

        Assert.Equal(1, await Store.AppendAsync([Connected("a", 2)], None));
        Assert.Equal(2, (await AllAsync()).Count);
    }

    [Fact]
    public async Task Data_survives_reopening_the_store()
    {
        Dashboard.Core.Events.ConnectionEvent[] batch = [Connected("a", 1), Disconnected("a", 2, 1, "normal")];
        await Store.AppendAsync(batch, None);
        var before = await AllAsync();
        await Store.DisposeAsync();

        var reopened = await OpenInitializedAsync();

        Assert.Equal(before, await AllAsync(reopened));
        Assert.Equal(0, await reopened.AppendAsync(batch, None));
        Assert.Equal(1, await reopened.AppendAsync([Connected("a", 3)], None));
        Assert.True((await AllAsync(reopened))[^1].Id > before[^1].Id);
    }

    [Fact]
    public async Task Provider_is_named()
    {
        Assert.Equal(ExpectedProvider, Store.Provider);
    }
}
