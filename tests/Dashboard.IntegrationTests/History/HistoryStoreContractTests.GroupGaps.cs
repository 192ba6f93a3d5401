using Dashboard.Core.Groups;
using Dashboard.Core.History;
using static Dashboard.Tests.Shared.TestAccessEvents;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>
/// The reads the group filter reached last (<see cref="IGroupHistory"/>): the clients behind a reason, and the refused
/// connections' chart, top offenders and authorization denials. Each counts the group's clients only, and a group no
/// longer defined has none.
/// </summary>
public abstract partial class HistoryStoreContractTests
{
    private static readonly GroupMatcher Plants = new([Define("plant-3", clientId: "plant-3/*"), Define("net", cidr: "10.3.0.0/16")]);

    private static GroupFilter Plant3 => new(Plants, "plant-3");

    [Fact]
    public async Task The_clients_behind_a_reason_narrow_to_a_group()
    {
        await Store.AppendAsync(
        [
            Disconnected("plant-3/a", 10, reason: "keepalive_timeout"),
            Disconnected("plant-3/a", 20, reason: "keepalive_timeout"),
            Disconnected("plant-3/b", 30, reason: "keepalive_timeout"),
            Disconnected("other", 40, reason: "keepalive_timeout"),
            Disconnected("other", 41, reason: "keepalive_timeout"),
            Disconnected("other", 42, reason: "keepalive_timeout"),
            Disconnected("plant-3/c", 50, reason: "normal"),
            Disconnected("plant-3/x", 60, reason: "keepalive_timeout", ip: "10.3.0.1"),
            Disconnected("plant-3/d", 70) with { Reason = null },
            Disconnected("elsewhere", 80) with { Reason = null },
        ], None);
        var grouped = (IGroupHistory)Store;

        var clients = await grouped.GetClientsByReasonAsync("keepalive_timeout", At(0), At(100), 10, Plant3, None);
        var byNetwork = await grouped.GetClientsByReasonAsync("keepalive_timeout", At(0), At(100), 10, new GroupFilter(Plants, "net"), None);
        var noReason = await grouped.GetClientsByReasonAsync(Dashboard.Core.Reasons.ReasonBucket.NoReason, At(0), At(100), 10, Plant3, None);

        Assert.Equal([("plant-3/a", 2L), ("plant-3/x", 1L), ("plant-3/b", 1L)], clients.Select(c => (c.ClientId, c.Count)));
        Assert.Equal(["plant-3/a"], (await grouped.GetClientsByReasonAsync("keepalive_timeout", At(0), At(100), 1, Plant3, None)).Select(c => c.ClientId));

        // plant-3/x is on 10.3.0.1, but plant-3 comes first: it is not net's.
        Assert.Empty(byNetwork);
        Assert.Equal(["plant-3/d"], noReason.Select(c => c.ClientId));
        Assert.Empty(await grouped.GetClientsByReasonAsync("keepalive_timeout", At(0), At(100), 10, new GroupFilter(Plants, "gone"), None));
        Assert.Equal(4, (await Store.GetClientsByReasonAsync("keepalive_timeout", At(0), At(100), 10, None)).Count);
    }

    [Fact]
    public async Task The_refused_chart_offenders_and_denials_narrow_to_a_group()
    {
        await Store.AppendAccessFailuresAsync(
        [
            Refused("plant-3/a", 10, ip: "192.0.2.7", username: "shared"),
            Refused("plant-3/a", 20, "banned", ip: "192.0.2.7", username: "shared"),
            Refused("plant-3/b", 30, ip: "192.0.2.8", username: "shared"),
            Refused("intruder", 40, "not_authorized", ip: "192.0.2.7", username: "shared"),
            Refused("intruder", 41, "not_authorized", ip: "192.0.2.7", username: "shared"),
            Refused("intruder", 42, "not_authorized", ip: "192.0.2.7", username: "shared"),
            Denied("plant-3/a", 50, "cmd/1"),
            Denied("intruder", 60, "cmd/1"),
        ], None);
        var grouped = (IGroupHistory)Store;

        var buckets = await grouped.GetRefusedBucketsAsync(At(0), At(100), TimeSpan.FromSeconds(1), Plant3, None);
        static string Describe(RefusedOffender o) => $"{o.Key}:{o.Count}:{string.Join('+', o.ReasonCodes.Select(r => $"{r.ReasonCode}={r.Count}"))}";
        async Task<string[]> Top(OffenderKey by, GroupFilter group) =>
            [.. (await grouped.GetRefusedOffendersAsync(by, At(0), At(100), 10, group, None)).Select(Describe)];
        var denials = await grouped.GetAuthorizationDenialsAsync(At(0), At(100), 10, Plant3, None);

        Assert.Equal(new Dictionary<string, long> { ["bad_username_or_password"] = 2, ["banned"] = 1 }, Assert.Single(buckets).Counts);
        Assert.Equal(["plant-3/a:2:bad_username_or_password=1+banned=1", "plant-3/b:1:bad_username_or_password=1"], await Top(OffenderKey.ClientId, Plant3));

        // A username and an address the intruder shares count (and split into codes) only the group's attempts.
        Assert.Equal(["shared:3:bad_username_or_password=2+banned=1"], await Top(OffenderKey.Username, Plant3));
        Assert.Equal(["192.0.2.7:2:bad_username_or_password=1+banned=1", "192.0.2.8:1:bad_username_or_password=1"], await Top(OffenderKey.PeerIp, Plant3));
        Assert.Equal(["192.0.2.0/24:3:bad_username_or_password=2+banned=1"], await Top(OffenderKey.Network, Plant3));
        Assert.Equal(["plant-3/a"], denials.Select(d => d.ClientId));

        // The fleet still sees everything, and a group no longer defined sees nothing.
        Assert.Equal(["shared:6:not_authorized=3+bad_username_or_password=2+banned=1"], (await Store.GetRefusedOffendersAsync(OffenderKey.Username, At(0), At(100), 10, None)).Select(Describe));
        var gone = new GroupFilter(Plants, "gone");
        Assert.Empty(await grouped.GetRefusedBucketsAsync(At(0), At(100), TimeSpan.FromSeconds(1), gone, None));
        Assert.Empty(await Top(OffenderKey.ClientId, gone));
        Assert.Empty(await grouped.GetAuthorizationDenialsAsync(At(0), At(100), 10, gone, None));
    }
}
