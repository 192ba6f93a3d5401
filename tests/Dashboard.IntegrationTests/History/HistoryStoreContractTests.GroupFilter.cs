using Dashboard.Core.Events;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using static Dashboard.Tests.Shared.TestAccessEvents;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>
/// "In group G" in SQL (GroupPredicate, via <see cref="IGroupHistory"/>) against Core's <see cref="GroupMatcher"/>:
/// on every row of one table, each group's query returns exactly the rows Core puts in that group. The table has
/// the LIKE and GLOB special characters, case differences, missing usernames, characters outside the BMP, and peer
/// addresses an attacker may have sent.
/// </summary>
public abstract partial class HistoryStoreContractTests
{
    private static readonly GroupMatcher Table = new(
    [
        Define("literal-specials", clientId: "a%b_*"),
        Define("bracket", clientId: "[x]*"),
        Define("backslash", clientId: @"c\*"),
        Define("user", username: "Ops?"),
        Define("net", cidr: "10.3.0.0/16"),
        Define("plant-3-remote", clientId: "plant-3/*", cidr: "192.0.2.0/24"),
        Define("plant-3", clientId: "plant-3/*"),
        Define("one-char", clientId: "e?"),
        Define("v6", cidr: "2001:db8::/48"),
        Define("rest", clientId: "*"),
    ]);

    private static readonly string[] ClientIds = ["a%b_x", "aXbYx", "a%b_", "[x]1", "x1", "]x[", @"c\d", "cd", "plant-3/p", "Plant-3/p", "PLANT-3/p", "e😀", "e", "ez", "ünï/设备", "%", "_"];

    private static readonly string?[] Usernames = ["Ops1", "ops1", null, "Ops", "Ops😀"];

    private static readonly string[] Addresses = ["10.3.0.7", "::ffff:10.3.0.8", "::FFFF:192.0.2.9", "010.3.0.7", "10.3", "10.3.0.7/8", "garbage'); DROP TABLE x; --", "", "2001:db8::1", "2001:DB8:0::2", "fe80::1%eth0", "[2001:db8::1]", "192.0.2.1", "300.1.1.1"];

    [Fact]
    public async Task The_group_filter_in_SQL_puts_every_row_where_Core_puts_it()
    {
        var rows = new List<(string ClientId, string? Username, string Ip)>();
        var events = new List<ConnectionEvent>();
        foreach (var clientId in ClientIds)
        {
            foreach (var username in Usernames)
            {
                foreach (var ip in Addresses)
                {
                    rows.Add((clientId, username, ip));
                    events.Add(Connected(clientId, rows.Count, ip: ip, username: username));
                }
            }
        }

        Assert.Equal(events.Count, await Store.AppendAsync(events, None));
        var grouped = (IGroupHistory)Store;
        foreach (var group in Table.Groups)
        {
            var expected = rows.Select((r, i) => (r, i)).Where(p => Table.IsIn(group.Name, p.r.ClientId, p.r.Username, p.r.Ip)).Select(p => At(p.i + 1)).ToList();
            var actual = await grouped.ExportAsync(T0, T0.AddDays(1), null, new GroupFilter(Table, group.Name.ToUpperInvariant()), None).Select(e => e.Event.EventTime).ToListAsync(None);

            Assert.True(expected.SequenceEqual(actual), $"group {group.Name}: SQL has {actual.Count} rows, Core {expected.Count}; first difference at {expected.Except(actual).Concat(actual.Except(expected)).FirstOrDefault()}");
            Assert.NotEmpty(actual);
        }

        // Case matters in both databases, as in Core: Plant-3/p is not plant-3's.
        Assert.Equal(0, await grouped.ExportAsync(T0, T0.AddDays(1), "Plant-3/p", new GroupFilter(Table, "plant-3"), None).CountAsync(None));
        Assert.Equal(0, await grouped.ExportAsync(T0, T0.AddDays(1), null, new GroupFilter(Table, "gone"), None).CountAsync(None));
    }

    [Fact]
    public async Task Reason_buckets_and_refused_connections_narrow_to_a_group()
    {
        var groups = new GroupMatcher([Define("plant-3", clientId: "plant-3/*"), Define("net", cidr: "10.3.0.0/16")]);
        await Store.AppendAsync(
        [
            Disconnected("plant-3/a", 10, reason: "keepalive_timeout", ip: "10.3.0.1"),
            Disconnected("plant-3/b", 20, reason: "normal"),
            Disconnected("other", 30, reason: "keepalive_timeout", ip: "10.3.0.2"),
            Disconnected("elsewhere", 40, reason: "kicked"),
        ], None);
        await Store.AppendAccessFailuresAsync([Refused("plant-3/x", 10), Refused("z", 20, ip: "10.3.9.9"), Refused("y", 30)], None);

        var buckets = await ((IGroupHistory)Store).GetReasonBucketsAsync(T0, T0.AddHours(1), TimeSpan.FromHours(1), new GroupFilter(groups, "net"), None);
        var refused = await Store.GetAccessFailuresAsync(new AccessFailureFilter(T0, T0.AddHours(1), 100) { Group = new GroupFilter(groups, "plant-3") }, None);

        Assert.Equal([("keepalive_timeout", 1L)], Assert.Single(buckets).Counts.Select(c => (c.Key, c.Value)));
        Assert.Equal(["plant-3/x"], refused.Select(r => r.Event.ClientId));
    }

    private static DeviceGroup Define(string name, string? clientId = null, string? username = null, string? cidr = null) =>
        DeviceGroup.TryCreate(name, clientId, username, cidr, out var error) ?? throw new ArgumentException(error!.Message, name);
}
