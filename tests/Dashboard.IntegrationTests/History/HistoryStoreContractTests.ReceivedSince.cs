using Dashboard.Core.Events;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>The page query a fresh MQTT session catches up with (HistoryCatchUp): by receive time, in storage order.</summary>
public abstract partial class HistoryStoreContractTests
{
    private static ConnectionEvent ReceivedAt(ConnectionEvent e, long receivedMs) => e with { ReceivedAt = At(receivedMs) };

    [Fact]
    public async Task Events_received_since_a_time_come_in_storage_order_whatever_their_event_time()
    {
        // "late" happened long before it was received (a queue delivered it late): receive time decides, not event time.
        await Store.AppendAsync([ReceivedAt(Connected("early", 100), 100), ReceivedAt(Connected("edge", 200), 1_000)], None);
        await Store.AppendAsync([ReceivedAt(Connected("late", 5), 1_500), ReceivedAt(Disconnected("edge", 1_200), 1_200)], None);

        var page = await Store.GetReceivedSinceAsync(At(1_000), afterId: 0, limit: 10, None);

        Assert.Equal(["edge", "late", "edge"], page.Select(e => e.ClientId));
        Assert.Equal([ConnectionEventKind.Connected, ConnectionEventKind.Connected, ConnectionEventKind.Disconnected], page.Select(e => e.Kind));
        Assert.Equal(page.Select(e => e.Id).Order(), page.Select(e => e.Id));
        Assert.Equal(At(1_500), page[1].Event.ReceivedAt);
        Assert.Equal(At(5), page[1].EventTime);
    }

    [Fact]
    public async Task Received_since_pages_on_from_the_last_id_without_gaps_or_repeats()
    {
        var batch = Enumerable.Range(0, 7).Select(i => ReceivedAt(Connected($"c{i}", i), 50 + i)).ToArray();
        await Store.AppendAsync(batch, None);

        var seen = new List<string>();
        var pages = 0;
        long after = 0;
        while (true)
        {
            var page = await Store.GetReceivedSinceAsync(At(52), after, limit: 2, None);
            if (page.Count == 0)
            {
                break;
            }

            Assert.True(page.Count <= 2);
            pages++;
            seen.AddRange(page.Select(e => e.ClientId));
            after = page[^1].Id;
        }

        Assert.Equal(["c2", "c3", "c4", "c5", "c6"], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task What_received_since_reads_is_stored_again_as_a_no_op()
    {
        await Store.AppendAsync([ReceivedAt(Connected("a", 10), 10), ReceivedAt(Disconnected("a", 20), 20)], None);

        var caughtUp = await Store.GetReceivedSinceAsync(At(0), 0, 100, None);

        // The catch-up feeds these through the pipeline, which stores them again: the identity makes that a no-op.
        Assert.Equal(0, await Store.AppendAsync([.. caughtUp.Select(e => e.Event)], None));
        Assert.Equal(2, (await AllAsync()).Count);
    }

    [Fact]
    public async Task Received_since_finds_nothing_after_the_newest_receive_time()
    {
        await Store.AppendAsync([ReceivedAt(Connected("a", 10), 10)], None);

        Assert.Empty(await Store.GetReceivedSinceAsync(At(11), 0, 100, None));
        Assert.Empty(await Store.GetReceivedSinceAsync(At(0), (await AllAsync())[0].Id, 100, None));
    }
}
