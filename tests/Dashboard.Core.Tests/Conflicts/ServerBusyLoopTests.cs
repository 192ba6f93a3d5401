using Dashboard.Core.Conflicts;
using Dashboard.Core.Events;
using static Dashboard.Core.Tests.Conflicts.ConflictEvents;
using static Dashboard.Core.Tests.Conflicts.RefusalIncidentTests;

namespace Dashboard.Core.Tests.Conflicts;

/// <summary>server_busy (THROTTLED) refusals as evidence of a reconnect loop for their client ID.</summary>
public sealed class ServerBusyLoopTests
{
    private static AccessEvent Busy(string clientId, double at, int port) => Connack(clientId, at, "server_busy", "192.168.1.20", port);

    private static void Refuse(DetectorHarness h, params AccessEvent[] events)
    {
        foreach (var e in events)
        {
            h.Detector.ApplyAccess(e, e.ReceivedAt);
        }
    }

    [Fact]
    public void Three_server_busy_refusals_open_a_reconnect_loop_with_them_as_evidence()
    {
        var h = new DetectorHarness();
        Refuse(h, Busy("loop-1", 10, 50001), Busy("loop-1", 12, 50002));
        Assert.Empty(h.Active);

        Refuse(h, Busy("loop-1", 14, 50003));

        var finding = Assert.Single(h.Active);
        Assert.Equal((FindingKind.ReconnectLoop, "loop-1", 3, 3), (finding.Kind, finding.ClientId, finding.Count, finding.RefusedConnects));
        Assert.Equal("3 connects refused with server_busy (THROTTLED) while the previous session was still being cleaned up.", finding.RefusalSummary);
        Assert.Equal([At(10), At(12), At(14)], finding.Refusals.Select(r => r.At));
        Assert.Equal(["192.168.1.20:50001", "192.168.1.20:50002", "192.168.1.20:50003"], finding.Peers);
        Assert.Equal((At(10), At(14)), (finding.FirstSeen, finding.LastSeen));
        Assert.Empty(finding.Evidence);
    }

    [Theory]
    [InlineData("bad_username_or_password")]
    [InlineData("not_authorized")]
    [InlineData("quota_exceeded")]
    [InlineData("banned")]
    public void Other_refusal_codes_are_no_evidence_of_a_loop(string code)
    {
        var h = new DetectorHarness();
        Refuse(h, [.. Enumerable.Range(0, 6).Select(i => Connack("dev-1", i, code, "192.168.1.20", 50000 + i))]);

        Assert.Empty(h.Detector.GetFindings());
    }

    [Fact]
    public void Refusals_spread_wider_than_the_window_do_not_open()
    {
        var h = new DetectorHarness();
        Refuse(h, Busy("slow", 0, 50001), Busy("slow", 300, 50002), Busy("slow", 600, 50003));

        Assert.Empty(h.Active);
    }

    [Fact]
    public void A_refusal_strengthens_a_running_loop()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("loop-2", NewPorts(4), start: 0, step: 5, endingFirst: true));
        Assert.Equal(3, Assert.Single(h.Active).Count);

        Refuse(h, Busy("loop-2", 16, 50009));

        var finding = Assert.Single(h.Active);
        Assert.Equal((4, 1, 3), (finding.Count, finding.RefusedConnects, finding.Evidence.Count));
        Assert.Equal(ChangeKind.Updated, h.Changes[^1].Change);
        Assert.Equal("1 connect refused with server_busy (THROTTLED) while the previous session was still being cleaned up.", finding.RefusalSummary);
    }

    [Fact]
    public void Takeovers_and_refusals_add_up_to_the_threshold_in_either_order()
    {
        // Two takeovers alone are below the threshold (3); one refusal makes the loop.
        var refusalLast = new DetectorHarness();
        refusalLast.Apply(Takeovers("loop-3", NewPorts(3), start: 0, step: 5, endingFirst: false));
        Assert.Empty(refusalLast.Active);
        Refuse(refusalLast, Busy("loop-3", 11, 50009));

        var refusalFirst = new DetectorHarness();
        Refuse(refusalFirst, Busy("loop-3", 1, 50009));
        refusalFirst.Apply(Takeovers("loop-3", NewPorts(3), start: 0, step: 5, endingFirst: false));

        foreach (var h in new[] { refusalLast, refusalFirst })
        {
            var finding = Assert.Single(h.Active);
            Assert.Equal((FindingKind.ReconnectLoop, 3, 1, 2), (finding.Kind, finding.Count, finding.RefusedConnects, finding.Evidence.Count));
        }
    }

    [Fact]
    public void A_running_client_id_conflict_takes_the_refusal_and_no_loop_opens()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("shared", Alternating(4), start: 0, step: 5, endingFirst: true));
        Assert.Equal(FindingKind.ClientIdConflict, Assert.Single(h.Active).Kind);

        Refuse(h, Connack("shared", 16, "server_busy", "10.0.0.2", 40009), Connack("shared", 17, "server_busy", "10.0.0.3", 40010), Connack("shared", 18, "server_busy", "10.0.0.2", 40011));

        var finding = Assert.Single(h.Active);
        Assert.Equal((FindingKind.ClientIdConflict, 3), (finding.Kind, finding.RefusedConnects));
    }

    [Fact]
    public void A_loop_of_refusals_resolves_when_quiet_and_does_not_reopen_from_the_same_refusals()
    {
        var h = new DetectorHarness();
        Refuse(h, Busy("loop-4", 10, 50001), Busy("loop-4", 12, 50002), Busy("loop-4", 14, 50003));
        h.Detector.Tick(At(14 + 600));
        var resolved = Assert.Single(h.Detector.GetFindings(FindingState.Resolved));
        Assert.Equal(3, resolved.RefusedConnects);

        Refuse(h, Busy("loop-4", 615, 50004));
        Assert.Empty(h.Active);
        Refuse(h, Busy("loop-4", 616, 50005), Busy("loop-4", 617, 50006));
        var reopened = Assert.Single(h.Active);
        Assert.NotEqual(resolved.Id, reopened.Id);
        Assert.Equal(3, reopened.Count);
    }

    [Fact]
    public void The_same_refusal_delivered_twice_counts_once()
    {
        var h = new DetectorHarness();
        var refusal = Busy("loop-5", 10, 50001);
        Refuse(h, refusal, refusal, Busy("loop-5", 11, 50002), refusal);

        Assert.Empty(h.Active);
    }
}
