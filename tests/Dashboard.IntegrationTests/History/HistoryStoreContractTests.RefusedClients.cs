using Dashboard.Core.History;
using static Dashboard.Tests.Shared.TestAccessEvents;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>The search box's read: client IDs known only from their access failures, by prefix.</summary>
public abstract partial class HistoryStoreContractTests
{
    [Fact]
    public async Task Refused_client_ids_by_prefix_are_distinct_ordinal_ordered_case_sensitive_and_limited()
    {
        await Store.AppendAccessFailuresAsync(
        [
            .. Enumerable.Range(0, 50).Select(i => Refused("dev-7", i)),
            Refused("dev-10", 1), AuthnFailed("dev-2", 2), Denied("dev-3", 3, "t"),
            Refused("Dev-9", 4), Refused("dex", 5), Refused("de", 6),
            Refused("dev_%x", 7), Refused("devXY", 8), Refused("dev-设备", 9), Refused("dev", 10),
        ], None);
        await Store.AppendAsync([Connected("dev-online", 1)], None);

        async Task<IReadOnlyList<string>> Ids(string prefix, int limit = 100) => await Store.GetRefusedClientIdsAsync(prefix, limit, None);

        Assert.Equal(["dev", "dev-10", "dev-2", "dev-3", "dev-7", "dev-设备", "devXY", "dev_%x"], await Ids("dev"));
        Assert.Equal(["dev", "dev-10", "dev-2"], await Ids("dev", 3));
        Assert.Equal(["dev-10", "dev-2", "dev-3", "dev-7", "dev-设备"], await Ids("dev-"));
        Assert.Equal(["dev-7"], await Ids("dev-7"));
        Assert.Equal(["Dev-9"], await Ids("D"));
        Assert.Equal(["dev_%x"], await Ids("dev_%"));
        Assert.Equal(["dev-设备"], await Ids("dev-设"));
        Assert.Empty(await Ids("dev-online"));
        Assert.Empty(await Ids("z"));
        Assert.Empty(await Ids("dev", 0));
        Assert.Equal(11, (await Ids("")).Count);
    }

    [Fact]
    public async Task Refused_client_ids_are_capped_whatever_the_limit_asked()
    {
        await Store.AppendAccessFailuresAsync(Enumerable.Range(0, AccessFailureLimits.MaxClientIds + 5).Select(i => Refused($"c{i:D4}", i)).ToArray(), None);

        var ids = await Store.GetRefusedClientIdsAsync("c", int.MaxValue, None);

        Assert.Equal(AccessFailureLimits.MaxClientIds, ids.Count);
        Assert.Equal("c0000", ids[0]);
        Assert.Equal($"c{AccessFailureLimits.MaxClientIds - 1:D4}", ids[^1]);
    }
}
