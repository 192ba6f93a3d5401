using Dashboard.Core.Conflicts;
using static Dashboard.Core.Tests.Conflicts.ConflictEvents;

namespace Dashboard.Core.Tests.Conflicts;

public sealed class TakeoverFindingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Two_alternating_ips_open_a_clientid_conflict(bool endingFirst)
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("meter-7", Alternating(4), start: 0, step: 20, endingFirst));

        var finding = Assert.Single(h.Active);
        Assert.Equal(FindingKind.ClientIdConflict, finding.Kind);
        Assert.Equal("clientid-conflict", finding.KindName);
        Assert.Equal("meter-7", finding.ClientId);
        Assert.Equal(3, finding.Count);
        Assert.Equal(At(20), finding.FirstSeen);
        Assert.Equal(At(60), finding.LastSeen);
        Assert.Contains("10.0.0.2:40000", finding.Peers);
        Assert.Contains("10.0.0.3:40001", finding.Peers);
        Assert.Contains("10.0.0.3:40003", finding.Peers);
        Assert.Contains("unique client ID", finding.Advice, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, finding.Evidence.Count);
        Assert.All(finding.Evidence, ev => Assert.Equal("takenover", ev.Reason));

        // Who replaced whom: each session was replaced by the other device, whichever event came first.
        Assert.Equal("10.0.0.2:40000", finding.Evidence[0].Peer);
        Assert.Equal("10.0.0.3:40001", finding.Evidence[0].ReplacedByPeer);
        Assert.Equal("10.0.0.2:40002", finding.Evidence[1].ReplacedByPeer);
        Assert.Equal("10.0.0.3:40003", finding.Evidence[2].ReplacedByPeer);
        Assert.Empty(h.Detector.GetFindings(FindingState.Resolved));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void One_ip_with_a_new_port_each_time_opens_a_reconnect_loop(bool endingFirst)
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("pump-3", NewPorts(4), start: 0, step: 5, endingFirst));

        var finding = Assert.Single(h.Active);
        Assert.Equal(FindingKind.ReconnectLoop, finding.Kind);
        Assert.Equal(3, finding.Count);
        Assert.Equal(["192.168.1.20:50001", "192.168.1.20:50002", "192.168.1.20:50003", "192.168.1.20:50004"], finding.Peers.Order());
        Assert.Equal("192.168.1.20:50002", finding.Evidence[0].ReplacedByPeer);
        Assert.Contains("connection logic", finding.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void Discarded_endings_count_like_takenover()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("pump-3", NewPorts(4), start: 0, step: 5, endingFirst: true, reason: "discarded"));

        Assert.Equal(FindingKind.ReconnectLoop, Assert.Single(h.Active).Kind);
    }

    [Fact]
    public void An_ip_that_changes_and_never_returns_is_a_reconnect_loop_not_a_conflict()
    {
        // A cellular module that gets a new address on each reconnect.
        var h = new DetectorHarness();
        h.Apply(Takeovers("tracker-1", [("100.64.0.1", 1000), ("100.64.0.2", 1001), ("100.64.0.3", 1002), ("100.64.0.4", 1003)], 0, 5, endingFirst: true));

        Assert.Equal(FindingKind.ReconnectLoop, Assert.Single(h.Active).Kind);
    }

    [Fact]
    public void One_ending_below_the_threshold_does_not_open_and_the_threshold_ending_does()
    {
        var h = new DetectorHarness();
        var events = Takeovers("meter-7", Alternating(4), 0, 20, endingFirst: true);

        // Up to the second ending: N - 1.
        h.Apply(events.Take(5));
        Assert.Empty(h.Active);
        Assert.Empty(h.Changes);

        h.Apply(events.Skip(5).Take(1));
        var opened = Assert.Single(h.Changes);
        Assert.Equal(ChangeKind.Opened, opened.Change);
        Assert.Equal(3, opened.Finding.Count);
    }

    [Fact]
    public void An_ending_exactly_one_window_before_the_newest_does_not_count()
    {
        // Endings at 300, 600 and 900 s: the first is exactly W = 600 s before the last.
        var h = new DetectorHarness();
        h.Apply(Takeovers("meter-7", Alternating(4), 0, 300, endingFirst: true));

        Assert.Empty(h.Active);
    }

    [Fact]
    public void Endings_just_inside_the_window_count()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("meter-7", Alternating(4), 0, 299.5, endingFirst: true));

        Assert.Equal(3, Assert.Single(h.Active).Count);
    }

    [Fact]
    public void A_normal_disconnect_between_takeovers_does_not_count()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("meter-7", Alternating(3), 0, 10, endingFirst: true));
        // The session from 10.0.0.2 (connected at 20) ends normally; the device comes back later.
        h.Apply([
            Disconnect("meter-7", 25, 20, "normal", "10.0.0.2", 40002),
            Connect("meter-7", 30, "10.0.0.2", 40010),
        ]);
        Assert.Empty(h.Active);

        h.Apply([
            Disconnect("meter-7", 40, 30, "takenover", "10.0.0.2", 40010),
            Connect("meter-7", 40, "10.0.0.3", 40011),
        ]);

        var finding = Assert.Single(h.Active);
        Assert.Equal(3, finding.Count);
        Assert.DoesNotContain(finding.Evidence, ev => ev.Reason == "normal");
    }

    [Fact]
    public void Further_endings_update_the_active_finding()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("pump-3", NewPorts(6), 0, 5, endingFirst: false));

        var finding = Assert.Single(h.Active);
        Assert.Equal(5, finding.Count);
        Assert.Equal(At(25), finding.LastSeen);
        Assert.Contains("192.168.1.20:50006", finding.Peers);
        Assert.Single(h.ChangesOf(ChangeKind.Opened));
        var updates = h.ChangesOf(ChangeKind.Updated);
        Assert.Equal(finding.Id, updates[^1].Finding.Id);
        Assert.Equal(5, updates[^1].Finding.Count);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void Severity_becomes_critical_at_three_times_the_threshold()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("pump-3", NewPorts(10), 0, 5, endingFirst: true));

        var finding = Assert.Single(h.Active);
        Assert.Equal(9, finding.Count);
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
    }

    [Fact]
    public void Findings_resolve_after_a_quiet_window_on_tick()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("meter-7", Alternating(4), 0, 20, endingFirst: true));
        var lastActivity = At(60);

        h.Detector.Tick(lastActivity + TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Single(h.Active);

        h.Detector.Tick(lastActivity + TimeSpan.FromMinutes(10));
        Assert.Empty(h.Active);
        var resolved = Assert.Single(h.Detector.GetFindings(FindingState.Resolved));
        Assert.Equal(FindingState.Resolved, resolved.State);
        Assert.Equal(lastActivity + TimeSpan.FromMinutes(10), resolved.ResolvedAt);
        Assert.Equal(ChangeKind.Resolved, h.Changes[^1].Change);
        Assert.Single(h.Detector.GetFindings());
    }

    [Fact]
    public void The_clients_next_event_resolves_a_quiet_finding()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("meter-7", Alternating(4), 0, 20, endingFirst: true));

        h.Apply(Disconnect("meter-7", 700, 60, "normal", "10.0.0.3", 40003));

        Assert.Empty(h.Active);
        Assert.Equal(ChangeKind.Resolved, h.Changes[^1].Change);
    }

    [Fact]
    public void A_problem_that_starts_again_opens_a_new_finding_from_new_endings_only()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("meter-7", Alternating(4), 0, 20, endingFirst: true));
        var first = Assert.Single(h.Active);
        h.Detector.Tick(At(60 + 600));

        // The old endings (20..60 s) stay in the window; one new ending must not reopen with them.
        h.Apply([Disconnect("meter-7", 700, 60, "takenover", "10.0.0.3", 40003), Connect("meter-7", 700, "10.0.0.2", 40004)]);
        Assert.Empty(h.Active);

        h.Apply([
            Disconnect("meter-7", 720, 700, "takenover", "10.0.0.2", 40004), Connect("meter-7", 720, "10.0.0.3", 40005),
            Disconnect("meter-7", 740, 720, "takenover", "10.0.0.3", 40005), Connect("meter-7", 740, "10.0.0.2", 40006),
        ]);
        var second = Assert.Single(h.Active);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(FindingKind.ClientIdConflict, second.Kind);
        Assert.True(second.FirstSeen > first.LastSeen);
    }

    [Fact]
    public void Endings_a_resolved_finding_counted_do_not_reopen_it_when_events_arrive_late()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("meter-7", Alternating(4), 0, 20, endingFirst: true));
        h.Detector.Tick(At(660));
        Assert.Empty(h.Active);

        // Ingestion was behind: an ending from 80 s arrives at 670 s, inside the old endings' window.
        h.Apply(Disconnect("meter-7", 80, 60, "takenover", "10.0.0.3", 40003), At(670));

        Assert.Empty(h.Active);
        Assert.Single(h.Detector.GetFindings());
    }

    [Fact]
    public void Repeated_events_do_not_count_twice()
    {
        var h = new DetectorHarness();
        var events = Takeovers("meter-7", Alternating(3), 0, 20, endingFirst: true);

        // QoS 1 redelivery, plus the same endings through $SYS: no port and no connected_at.
        var sysCopies = events.Where(e => e.Reason is not null).Select(e => e with { PeerPort = null, ConnectedAt = null });
        h.Apply(events.Concat(events).Concat(sysCopies).Concat(events));

        Assert.True(h.Active.Count == 0, string.Join("; ", h.Active.Select(f => $"{f.Kind} {f.Count} {string.Join(",", f.Evidence)}")));

        h.Apply(Takeovers("meter-7", Alternating(4), 0, 20, endingFirst: true).Skip(5));
        h.Apply(Takeovers("meter-7", Alternating(4), 0, 20, endingFirst: true).Skip(5));
        Assert.Equal(3, Assert.Single(h.Active).Count);
        Assert.Single(h.ChangesOf(ChangeKind.Opened));
        // The replaying connect names the replacing session on the evidence; it never adds to the count.
        Assert.All(h.ChangesOf(ChangeKind.Updated), c => Assert.Equal(3, c.Finding.Count));
    }

    [Fact]
    public void Endings_without_connected_at_are_matched_to_their_session_by_peer()
    {
        // EMQX before 5.8.6: the disconnect does not name its session's connect time.
        var h = new DetectorHarness();
        var events = Takeovers("pump-3", NewPorts(4), 0, 5, endingFirst: false).Select(e => e.Reason is null ? e : e with { ConnectedAt = null });
        h.Apply(events);

        var finding = Assert.Single(h.Active);
        Assert.Equal(FindingKind.ReconnectLoop, finding.Kind);
        Assert.Equal(3, finding.Count);
        Assert.Equal(At(0), finding.Evidence[0].ConnectedAt);
    }

    [Fact]
    public void Clients_are_tracked_separately()
    {
        var h = new DetectorHarness();
        h.Apply(Takeovers("a", Alternating(3), 0, 20, endingFirst: true));
        h.Apply(Takeovers("b", Alternating(3), 0, 20, endingFirst: true));

        Assert.Empty(h.Active);
    }

    [Theory]
    [InlineData(new[] { "a", "b", "a" }, true)]
    [InlineData(new[] { "a", "a", "b", "b" }, false)]
    [InlineData(new[] { "a", "b", "c" }, false)]
    [InlineData(new[] { "a", "a", "a" }, false)]
    [InlineData(new[] { "a", "a", "b", "a" }, true)]
    [InlineData(new[] { "fe80::a", "fe80::A", "fe80::a" }, false)]
    [InlineData(new[] { "fe80::a", "fe80::b", "FE80::A" }, true)]
    public void Alternation_means_an_ip_comes_back_after_another(string[] ips, bool expected) =>
        Assert.Equal(expected, ConflictDetector.Alternates(ips));
}
