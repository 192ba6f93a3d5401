using Dashboard.Core.Conflicts;
using static Dashboard.Core.Tests.Conflicts.ConflictEvents;

namespace Dashboard.Core.Tests.Conflicts;

public sealed class DetectorBoundsTests
{
    [Fact]
    public void More_clients_than_the_limit_drops_the_least_recently_active()
    {
        var h = new DetectorHarness(new ConflictOptions { MaxTrackedClients = 10 });

        // "victim" has two takeover endings, then 10 other clients push it out.
        h.Apply(Takeovers("victim", Alternating(3), 0, 1, endingFirst: true));
        for (int i = 0; i < 10; i++)
        {
            h.Apply(Connect($"other-{i}", 10 + i, "10.9.0.1", 2000 + i));
        }

        Assert.Equal(10, h.Detector.TrackedClientCount);

        // Its third ending starts from an empty window: nothing opens.
        h.Apply([Disconnect("victim", 30, 2, "takenover", "10.0.0.2", 40002), Connect("victim", 30, "10.0.0.3", 40003)]);
        Assert.Empty(h.Active);
        Assert.Equal(10, h.Detector.TrackedClientCount);
    }

    [Fact]
    public void Recently_active_clients_are_kept_over_the_limit()
    {
        var h = new DetectorHarness(new ConflictOptions { MaxTrackedClients = 10 });
        h.Apply(Takeovers("busy", Alternating(3), 0, 1, endingFirst: true));
        for (int i = 0; i < 10; i++)
        {
            h.Apply(Connect($"other-{i}", 10 + i, "10.9.0.1", 2000 + i));

            // A repeated connect is still activity: it keeps "busy" at the recent end of the list.
            h.Apply(Connect("busy", 2, "10.0.0.2", 40002), At(10.5 + i));
        }

        h.Apply([Disconnect("busy", 30, 2, "takenover", "10.0.0.2", 40002), Connect("busy", 30, "10.0.0.3", 40003)]);
        Assert.Equal(FindingKind.ClientIdConflict, Assert.Single(h.Active).Kind);
    }

    [Fact]
    public void An_active_finding_survives_its_clients_eviction_and_still_resolves()
    {
        var h = new DetectorHarness(new ConflictOptions { MaxTrackedClients = 2 });
        h.Apply(Takeovers("meter-7", Alternating(4), 0, 1, endingFirst: true));
        h.Apply(Connect("x", 10, "10.9.0.1", 1));
        h.Apply(Connect("y", 11, "10.9.0.1", 2));

        Assert.Single(h.Active);
        h.Detector.Tick(At(3 + 600));
        Assert.Empty(h.Active);
    }

    [Fact]
    public void Tick_forgets_clients_idle_past_retention()
    {
        var h = new DetectorHarness(new ConflictOptions { IdleClientRetention = TimeSpan.FromMinutes(30) });
        h.Apply(Connect("a", 0, "10.0.0.1", 1));
        h.Apply(Connect("b", 600, "10.0.0.1", 2));

        h.Detector.Tick(At(1799));
        Assert.Equal(2, h.Detector.TrackedClientCount);
        h.Detector.Tick(At(1800));
        Assert.Equal(1, h.Detector.TrackedClientCount);
    }

    [Fact]
    public void Resolved_findings_are_bounded()
    {
        var h = new DetectorHarness(new ConflictOptions { MaxResolvedFindings = 2 });
        for (int i = 0; i < 4; i++)
        {
            h.Apply(Takeovers($"c{i}", NewPorts(4), 0, 1, endingFirst: true));
        }

        h.Detector.Tick(At(1000));
        var resolved = h.Detector.GetFindings(FindingState.Resolved);
        Assert.Equal(2, resolved.Count);
        Assert.Equal(4, h.ChangesOf(ChangeKind.Resolved).Count);
    }

    [Fact]
    public void Listed_peers_are_bounded()
    {
        var h = new DetectorHarness(new ConflictOptions { MaxListedPerFinding = 5 });
        h.Apply(Takeovers("pump-3", NewPorts(30), 0, 1, endingFirst: true));

        var finding = Assert.Single(h.Active);
        Assert.Equal(29, finding.Count);
        Assert.Equal(5, finding.Peers.Count);
        Assert.Equal(5, finding.Evidence.Count);
        Assert.Equal(At(29), finding.Evidence[^1].DisconnectedAt);
    }

    [Fact]
    public void Readers_get_copies()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("pump-3", NewPorts(4), 0, 1, endingFirst: true));
        var before = Assert.Single(h.Active);

        h.Apply(Takeovers("pump-3", NewPorts(6), 0, 1, endingFirst: true).Skip(7));

        Assert.Equal(3, before.Count);
        Assert.Equal(5, Assert.Single(h.Active).Count);
    }
}
