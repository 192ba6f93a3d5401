using static Dashboard.Tests.History.HistoryExpectations;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>What live state is rebuilt from at start-up. "since" is <c>TestEvents.T0</c> throughout.</summary>
public abstract partial class HistoryStoreContractTests
{
    [Fact]
    public async Task Seed_has_an_online_clients_latest_connect_and_what_followed()
    {
        // A stale disconnect of an older session (before the connect) is not part of it;
        // the takeover disconnect of the older session that arrives after the connect is.
        await Store.AppendAsync(
        [
            Connected("a", 10, ip: "192.0.2.1"),
            Disconnected("a", 5, 1, "tcp_closed"),
            Disconnected("a", 12, 2, "takenover", ip: "192.0.2.2"),
        ], None);

        var seed = await Store.LoadLiveStateSeedAsync(T0, None);

        Assert.Equal(["a@10", "a@12"], Keys(seed));
        Assert.Equal("takenover", seed[1].Reason);
    }

    [Fact]
    public async Task Seed_has_a_client_that_went_offline()
    {
        await Store.AppendAsync([Connected("a", 10), Disconnected("a", 20, 10, "keepalive_timeout")], None);

        Assert.Equal(["a@10", "a@20"], Keys(await Store.LoadLiveStateSeedAsync(T0, None)));
    }

    [Fact]
    public async Task Seed_has_only_the_newest_session_of_a_client()
    {
        await Store.AppendAsync([Connected("a", 1), Disconnected("a", 2), Connected("a", 5), Disconnected("a", 6), Connected("a", 8)], None);

        Assert.Equal(["a@8"], Keys(await Store.LoadLiveStateSeedAsync(T0, None)));
    }

    [Fact]
    public async Task Seed_has_the_latest_disconnect_of_a_client_that_connected_before_since()
    {
        await Store.AppendAsync([Connected("a", -100), Disconnected("a", 2, reason: "takenover"), Disconnected("a", 4)], None);

        var seed = Assert.Single(await Store.LoadLiveStateSeedAsync(T0, None));

        Assert.Equal(("a", "normal"), (seed.ClientId, seed.Reason));
    }

    [Fact]
    public async Task Seed_picks_one_disconnect_when_the_latest_two_share_a_millisecond()
    {
        await Store.AppendAsync([Disconnected("a", 4, reason: "normal", ip: "192.0.2.1"), Disconnected("a", 4, reason: "normal", ip: "192.0.2.2")], None);

        var seed = Assert.Single(await Store.LoadLiveStateSeedAsync(T0, None));

        Assert.Equal("192.0.2.2", seed.PeerIp);
    }

    [Fact]
    public async Task Seed_leaves_out_clients_with_nothing_since()
    {
        await Store.AppendAsync([Connected("gone", -100), Disconnected("gone", -50), Connected("quiet", -10), Connected("now", 0)], None);

        Assert.Equal(["now@0"], Keys(await Store.LoadLiveStateSeedAsync(T0, None)));
    }

    [Fact]
    public async Task Seed_is_ordered_by_event_time_then_storage_order_across_clients()
    {
        await Store.AppendAsync(
        [
            Connected("b", 30),
            Connected("a", 10),
            Disconnected("c", 20),
            Connected("d", 20, ip: "192.0.2.9"),
            Connected("d", 20, ip: "192.0.2.8"),
            Disconnected("a", 40),
            Connected("e", -5),
        ], None);

        var seed = await Store.LoadLiveStateSeedAsync(T0, None);

        Assert.Equal(["a@10", "c@20", "d@20", "d@20", "b@30", "a@40"], Keys(seed));
        Assert.Equal(["192.0.2.9", "192.0.2.8"], seed.Where(e => e.ClientId == "d").Select(e => e.PeerIp));
        Assert.True(seed.Zip(seed.Skip(1)).All(p => p.First.EventTime < p.Second.EventTime || (p.First.EventTime == p.Second.EventTime && p.First.Id < p.Second.Id)));
    }
}
