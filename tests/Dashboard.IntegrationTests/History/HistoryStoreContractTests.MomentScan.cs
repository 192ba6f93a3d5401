using Dashboard.Core.History;
using Dashboard.Core.Live;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>
/// The filtered online set at a moment (<see cref="MomentClients"/>, what <c>/api/clients?at=</c> and the
/// pages use), read in keyset batches from each store: pages, the place to read on, and the scan cap.
/// </summary>
public abstract partial class HistoryStoreContractTests
{
    /// <summary>60 clients online from their own ms: every third (q00, q03 ...) has keepalive 30, the rest 60.</summary>
    private async Task<MomentClients> SeedScanAsync()
    {
        await Store.AppendAsync(
            Enumerable.Range(0, 60).Select(i => Connected($"q{i:D2}", i) with { Keepalive = i % 3 == 0 ? 30 : 60 }).ToArray(), None);
        return new MomentClients(Store);
    }

    private static ClientQuery Keepalive30 => new() { Filters = new ClientFilters { KeepaliveMax = 30 } };

    [Fact]
    public async Task A_filtered_moment_pages_through_matches_only()
    {
        var moments = await SeedScanAsync();

        var first = await moments.OnlineAtAsync(At(100), Keepalive30, null, 0, 3, MomentClients.DefaultScanCap, None);
        var readOn = await moments.OnlineAtAsync(At(100), Keepalive30, first.Next, 0, 100, MomentClients.DefaultScanCap, None);
        var skipped = await moments.OnlineAtAsync(At(100), Keepalive30, null, 18, 3, MomentClients.DefaultScanCap, None);
        var searched = await moments.OnlineAtAsync(At(100), new ClientQuery(Search: "Q5"), null, 0, 100, MomentClients.DefaultScanCap, None);

        Assert.Equal(["q00", "q03", "q06"], first.Items.Select(e => e.ClientId));
        Assert.Equal((true, false, "q06"), (first.HasMore, first.ScanCapped, first.Next));
        Assert.Equal(17, readOn.Items.Count);
        Assert.Equal(("q09", "q57"), (readOn.Items[0].ClientId, readOn.Items[^1].ClientId));
        Assert.Equal((false, false, null), (readOn.HasMore, readOn.ScanCapped, readOn.Next));
        Assert.Equal(["q54", "q57"], skipped.Items.Select(e => e.ClientId));
        Assert.Equal(Enumerable.Range(50, 10).Select(i => $"q{i}"), searched.Items.Select(e => e.ClientId));
    }

    [Fact]
    public async Task A_scan_that_reaches_its_cap_says_so_and_where_to_read_on()
    {
        var moments = await SeedScanAsync();

        // 10 rows scanned hold 4 matches (q00 q03 q06 q09): a page of 5 cannot be told complete.
        var capped = await moments.OnlineAtAsync(At(100), Keepalive30, null, 0, 5, 10, None);
        var next = await moments.OnlineAtAsync(At(100), Keepalive30, capped.Next, 0, 5, 10, None);
        var enough = await moments.OnlineAtAsync(At(100), Keepalive30, null, 0, 3, 10, None);

        Assert.Equal(["q00", "q03", "q06", "q09"], capped.Items.Select(e => e.ClientId));
        Assert.Equal((false, true, "q09"), (capped.HasMore, capped.ScanCapped, capped.Next));
        Assert.Equal(["q12", "q15", "q18"], next.Items.Select(e => e.ClientId));
        Assert.True(next.ScanCapped);
        Assert.Equal("q19", next.Next);
        Assert.Equal((true, false), (enough.HasMore, enough.ScanCapped));
    }

    [Fact]
    public async Task The_went_offline_list_is_filtered_by_reason_in_batches_and_capped()
    {
        await Store.AppendAsync(
            Enumerable.Range(0, 30).Select(i => Disconnected($"r{i:D2}", i, null, i % 10 == 0 ? "kicked" : "normal")).ToArray(), None);
        var moments = new MomentClients(Store);
        var kicked = new ClientQuery { Filters = new ClientFilters { LastReason = "kicked" } };

        var all = await moments.WentOfflineAsync(At(0), At(100), kicked, 10, MomentClients.DefaultScanCap, None);
        var capped = await moments.WentOfflineAsync(At(0), At(100), kicked, 10, 15, None);
        var limited = await moments.WentOfflineAsync(At(0), At(100), new ClientQuery(), 5, MomentClients.DefaultScanCap, None);

        Assert.Equal(["r00", "r10", "r20"], all.Items.Select(e => e.ClientId));
        Assert.Equal((false, false), (all.HasMore, all.ScanCapped));
        Assert.Equal(["r00", "r10"], capped.Items.Select(e => e.ClientId));
        Assert.True(capped.ScanCapped);
        Assert.Equal(5, limited.Items.Count);
        Assert.True(limited.HasMore);
    }
}
