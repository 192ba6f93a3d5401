using Dashboard.Core.Events;
using static Dashboard.Tests.History.HistoryExpectations;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>Per-client pages and exports.</summary>
public abstract partial class HistoryStoreContractTests
{
    [Fact]
    public async Task Client_events_are_newest_first_within_from_inclusive_to_exclusive()
    {
        await Store.AppendAsync([Connected("a", 0), Disconnected("a", 10), Connected("a", 20), Disconnected("a", 30), Connected("a", 40)], None);

        var page = await Store.GetClientEventsAsync("a", At(10), At(40), 100, None);

        Assert.Equal(["a@30", "a@20", "a@10"], Keys(page));
    }

    [Fact]
    public async Task Client_events_are_limited_to_the_newest()
    {
        await Store.AppendAsync(Enumerable.Range(0, 10).Select(i => Connected("a", i)).ToArray(), None);

        var page = await Store.GetClientEventsAsync("a", At(0), At(100), 3, None);

        Assert.Equal(["a@9", "a@8", "a@7"], Keys(page));
    }

    [Fact]
    public async Task Client_events_include_no_other_client_not_even_one_whose_id_extends_it()
    {
        string[] others = ["dev1", "dev/1", "de", "DEV", "dev ", "d_v", "de%"];
        await Store.AppendAsync([Connected("dev", 5), .. others.Select(id => Connected(id, 5))], None);

        var page = await Store.GetClientEventsAsync("dev", At(0), At(100), 100, None);
        var like = await Store.GetClientEventsAsync("d_v", At(0), At(100), 100, None);

        Assert.Equal(["dev@5"], Keys(page));
        Assert.Equal(["d_v@5"], Keys(like));
    }

    [Fact]
    public async Task Events_in_the_same_millisecond_keep_storage_order()
    {
        await Store.AppendAsync([Connected("a", 5, ip: "192.0.2.2"), Connected("a", 5, ip: "192.0.2.1")], None);

        var newestFirst = await Store.GetClientEventsAsync("a", At(0), At(10), 10, None);
        var oldestFirst = await AllAsync();

        Assert.Equal(["192.0.2.1", "192.0.2.2"], newestFirst.Select(e => e.PeerIp));
        Assert.Equal(["192.0.2.2", "192.0.2.1"], oldestFirst.Select(e => e.PeerIp));
    }

    [Fact]
    public async Task Export_is_oldest_first_for_all_clients_or_one()
    {
        await Store.AppendAsync([Connected("b", 30), Connected("a", 10), Disconnected("a", 40), Disconnected("b", 20), Connected("c", 50)], None);

        var all = await Store.ExportAsync(At(10), At(50), null, None).ToListAsync(None);
        var onlyA = await Store.ExportAsync(At(0), At(100), "a", None).ToListAsync(None);
        var none = await Store.ExportAsync(At(0), At(100), "nobody", None).ToListAsync(None);

        Assert.Equal(["a@10", "b@20", "b@30", "a@40"], Keys(all));
        Assert.Equal(["a@10", "a@40"], Keys(onlyA));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Export_streams_twenty_thousand_rows_in_order()
    {
        for (var batch = 0; batch < 10; batch++)
        {
            var events = Enumerable.Range(batch * 2000, 2000).Select(i => Connected($"client-{i % 500}", i)).ToArray();
            Assert.Equal(2000, await Store.AppendAsync(events, None));
        }

        var count = 0;
        var previous = long.MinValue;
        await foreach (var e in Store.ExportAsync(At(0), At(20_000), null, None))
        {
            var ms = e.EventTime.ToUnixTimeMilliseconds();
            Assert.True(ms > previous);
            previous = ms;
            count++;
        }

        Assert.Equal(20_000, count);
    }

    [Fact]
    public async Task An_open_export_does_not_block_the_writer_and_can_stop_early()
    {
        await Store.AppendAsync(Enumerable.Range(0, 5000).Select(i => Connected($"c{i}", i)).ToArray(), None);

        await using (var export = Store.ExportAsync(At(0), At(100_000), null, None).GetAsyncEnumerator(None))
        {
            Assert.True(await export.MoveNextAsync());
            Assert.Equal("c0", export.Current.ClientId);

            // The reader is mid-result; the single writer must still get through.
            var append = Store.AppendAsync([Disconnected("c0", 90_000)], None);
            Assert.Same(append, await Task.WhenAny(append, Task.Delay(TimeSpan.FromSeconds(10))));
            Assert.Equal(1, await append);
            Assert.True(await export.MoveNextAsync());
        }

        Assert.Equal(5001, (await AllAsync()).Count);
    }

    [Fact]
    public async Task A_cancelled_export_throws()
    {
        await Store.AppendAsync([Connected("a", 1)], None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.ExportAsync(At(0), At(10), null, cancelled.Token).ToListAsync(None));
    }
}
