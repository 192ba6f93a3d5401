using Dashboard.Core.Conflicts;
using static Dashboard.Core.Tests.Conflicts.ConflictEvents;

namespace Dashboard.Core.Tests.Conflicts;

/// <summary>A finding's peers as the grouped line the Conflicts table, Overview and wallboard show.</summary>
public sealed class PeerGroupsTests
{
    [Fact]
    public void Two_devices_alternating_read_as_two_ips_with_their_counts()
    {
        // 18 sessions give 17 takenover endings: 9 from 10.0.0.2, 8 from 10.0.0.3 (more than the 16 listed as evidence).
        var h = new DetectorHarness();
        h.Apply(Takeovers("meter-7", Alternating(18), start: 0, step: 2, endingFirst: true));

        var finding = Assert.Single(h.Active);
        Assert.Equal(17, finding.Count);
        Assert.Equal([new PeerTally("10.0.0.2", 9, 9), new PeerTally("10.0.0.3", 8, 8)], finding.PeerIps);
        Assert.Equal("10.0.0.2 ×9 ⇄ 10.0.0.3 ×8", PeerGroups.Text(finding));
    }

    [Fact]
    public void One_device_with_a_new_port_each_time_reads_as_one_ip()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("pump-3", NewPorts(17, "10.0.0.5"), start: 0, step: 2, endingFirst: false));

        var finding = Assert.Single(h.Active);
        Assert.Equal(FindingKind.ReconnectLoop, finding.Kind);
        Assert.Equal("10.0.0.5 ×16 (new port each time)", PeerGroups.Text(finding));
    }

    [Fact]
    public void Ipv6_in_either_case_is_one_address()
    {
        var h = new DetectorHarness();
        var peers = Enumerable.Range(0, 5).Select(i => (i % 2 == 0 ? "FD00::1" : "fd00::1", 7000)).ToList();
        h.Apply(Takeovers("dev", peers, start: 0, step: 2, endingFirst: true));

        var finding = Assert.Single(h.Active);
        var tally = Assert.Single(finding.PeerIps);
        Assert.Equal(4, tally.Sessions);
        Assert.EndsWith("×4 (same port)", PeerGroups.Text(finding), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FindingKind.ClientIdConflict, "10.0.0.1 ×5 ⇄ 10.0.0.2 ×4 ⇄ 10.0.0.3 ×3 +2 more")]
    [InlineData(FindingKind.Flapping, "10.0.0.1 ×5, 10.0.0.2 ×4, 10.0.0.3 ×3 +2 more")]
    public void Many_ips_show_the_busiest_few_then_how_many_more(FindingKind kind, string expected)
    {
        var finding = Finding(kind, [Tally("10.0.0.1", 5), Tally("10.0.0.2", 4), Tally("10.0.0.3", 3), Tally("10.0.0.4", 2), Tally("10.0.0.5", 1)]);

        Assert.Equal(expected, PeerGroups.Text(finding));
    }

    [Fact]
    public void Sessions_beyond_the_tracked_ips_are_counted_not_named()
    {
        var finding = Finding(FindingKind.ClientIdConflict, [Tally("10.0.0.1", 2)]) with { OtherPeerSessions = 7 };

        Assert.Equal("10.0.0.1 ×2 (new port each time) +7 from other IPs", PeerGroups.Text(finding));
    }

    [Theory]
    [InlineData(1, 1, "10.0.0.9 ×1")]
    [InlineData(6, 1, "10.0.0.9 ×6 (same port)")]
    [InlineData(6, 3, "10.0.0.9 ×6 (3 ports)")]
    [InlineData(6, 0, "10.0.0.9 ×6")]
    [InlineData(900, PeerTallies.MaxPorts, "10.0.0.9 ×900 (256+ ports)")]
    public void One_ip_says_how_its_ports_changed(int sessions, int ports, string expected) =>
        Assert.Equal(expected, PeerGroups.Text(Finding(FindingKind.ReconnectLoop, [new PeerTally("10.0.0.9", sessions, ports)])));

    [Fact]
    public void Tallies_are_bounded_and_the_rest_counted()
    {
        var tallies = new PeerTallies(maxIps: 2);
        foreach (var ip in new[] { "a", "b", "c", "a", "d" })
        {
            tallies.Add(ip, 1);
        }

        tallies.Add(null, 1);

        Assert.Equal([new PeerTally("a", 2, 1), new PeerTally("b", 1, 1)], tallies.ToList());
        Assert.Equal(2, tallies.OtherSessions);
    }

    [Fact]
    public void Without_tallies_the_listed_peers_show_bounded()
    {
        var finding = Finding(FindingKind.Flapping, []) with { Peers = ["p1", "p2", "p3", "p4", "p5"] };

        Assert.Equal("p1, p2, p3 +2 more", PeerGroups.Text(finding));
        Assert.Equal("—", PeerGroups.Text(finding with { Peers = [] }));
    }

    private static PeerTally Tally(string ip, int sessions) => new(ip, sessions, sessions);

    private static Finding Finding(FindingKind kind, IReadOnlyList<PeerTally> tallies) => new()
    {
        Id = 1,
        ClientId = "c",
        Kind = kind,
        State = FindingState.Active,
        Severity = FindingSeverity.Warning,
        Count = tallies.Sum(t => t.Sessions),
        FirstSeen = At(0),
        LastSeen = At(1),
        Peers = [],
        PeerIps = tallies,
        Usernames = [],
        Nodes = [],
        Evidence = [],
        Meaning = "",
        Advice = "",
    };
}
