using Dashboard.Core.Reasons;
using static Dashboard.Tests.History.HistoryExpectations;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>Disconnect reasons per bucket and the clients behind one reason, counted in the database.</summary>
public abstract partial class HistoryStoreContractTests
{
    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Reason_buckets_count_from_the_range_start_with_edges_in_the_later_bucket()
    {
        await Store.AppendAsync(
        [
            Disconnected("a", 999, reason: "tcp_closed"),        // before the range
            Disconnected("b", 1_000, reason: "tcp_closed"),      // first ms of bucket 0
            Disconnected("c", 10_999, reason: "tcp_closed"),     // last ms of bucket 0
            Disconnected("d", 11_000, reason: "keepalive_timeout"), // first ms of bucket 1
            Disconnected("e", 30_999),         // last ms of the range, bucket 2
            Disconnected("f", 31_000),         // 'to' itself: outside
        ], None);

        var buckets = await Store.GetReasonBucketsAsync(At(1_000), At(31_000), TenSeconds, None);

        Assert.Equal([At(1_000), At(11_000), At(21_000)], buckets.Select(b => b.Start));
        Assert.Equal(new Dictionary<string, long> { ["tcp_closed"] = 2 }, buckets[0].Counts);
        Assert.Equal(new Dictionary<string, long> { ["keepalive_timeout"] = 1 }, buckets[1].Counts);
        Assert.Equal(new Dictionary<string, long> { ["normal"] = 1 }, buckets[2].Counts);
        Assert.All(buckets, b => Assert.Null(b.Online));
    }

    [Fact]
    public async Task Reason_buckets_count_connects_and_keep_unknown_reasons_verbatim()
    {
        await Store.AppendAsync(
        [
            Connected("a", 0),
            Connected("b", 1, ip: "10.0.0.2"),
            Disconnected("a", 2, reason: "Some_New-Reason ü"),
            Disconnected("b", 3, reason: "some_new-reason ü"),
            Disconnected("c", 4, reason: "takenover"),
            Disconnected("d", 5, reason: "takenover"),
            Disconnected("e", 20_000),
        ], None);
        await Store.AppendAsync([new Dashboard.Core.Events.ConnectionEvent
        {
            ClientId = "g",
            Kind = Dashboard.Core.Events.ConnectionEventKind.Disconnected,
            EventTime = At(6),
            ReceivedAt = At(6),
            Source = Dashboard.Core.Events.EventSourceKind.Sys,
        }], None);

        var buckets = await Store.GetReasonBucketsAsync(At(0), At(60_000), TenSeconds, None);

        Assert.Equal([At(0), At(20_000)], buckets.Select(b => b.Start));
        Assert.Equal(2, buckets[0].Connects);
        Assert.Equal(
            new Dictionary<string, long> { ["Some_New-Reason ü"] = 1, ["some_new-reason ü"] = 1, ["takenover"] = 2, [ReasonBucket.NoReason] = 1 },
            buckets[0].Counts);
        Assert.Equal(0, buckets[1].Connects);
        Assert.Empty(await Store.GetReasonBucketsAsync(At(60_000), At(70_000), TenSeconds, None));
    }

    [Fact]
    public async Task Clients_by_reason_are_most_frequent_first_within_the_range()
    {
        await Store.AppendAsync(
        [
            Disconnected("often", 10, reason: "keepalive_timeout"),
            Disconnected("often", 20, reason: "keepalive_timeout"),
            Disconnected("often", 30, reason: "keepalive_timeout"),
            Disconnected("twice/é", 40, reason: "keepalive_timeout"),
            Disconnected("twice/é", 50, reason: "keepalive_timeout"),
            Disconnected("once-late", 60, reason: "keepalive_timeout"),
            Disconnected("once-early", 15, reason: "keepalive_timeout"),
            Disconnected("other", 35),
            Disconnected("outside", 100, reason: "keepalive_timeout"),
        ], None);

        var clients = await Store.GetClientsByReasonAsync("keepalive_timeout", At(0), At(100), 10, None);
        var top = await Store.GetClientsByReasonAsync("keepalive_timeout", At(0), At(100), 2, None);

        Assert.Equal(["often", "twice/é", "once-late", "once-early"], clients.Select(c => c.ClientId));
        Assert.Equal([3L, 2, 1, 1], clients.Select(c => c.Count));
        Assert.Equal(At(30), clients[0].LastAt);
        Assert.Equal(["often", "twice/é"], top.Select(c => c.ClientId));
        Assert.Empty(await Store.GetClientsByReasonAsync("Keepalive_Timeout", At(0), At(100), 10, None));
    }
}
