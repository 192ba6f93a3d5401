using Dashboard.Core.Conflicts;
using Dashboard.Core.Events;
using static Dashboard.Core.Tests.Conflicts.ConflictEvents;

namespace Dashboard.Core.Tests.Conflicts;

public sealed class IncidentTests
{
    /// <summary>Clients dropping one after another, <paramref name="spacing"/> seconds apart, half on each node and network.</summary>
    private static IEnumerable<ConnectionEvent> Drops(int clients, double spacing, string reason = "keepalive_timeout", double start = 100)
    {
        for (int i = 0; i < clients; i++)
        {
            string ip = i % 2 == 0 ? $"10.20.1.{i % 250}" : $"10.30.7.{i % 250}";
            string node = i % 2 == 0 ? "emqx@node1" : "emqx@node2";
            yield return Disconnect($"dev-{i}", start + (i * spacing), null, reason, ip, 40000 + i, node: node);
        }
    }

    [Fact]
    public void More_than_the_threshold_of_clients_with_one_reason_opens_a_mass_disconnect()
    {
        var h = new DetectorHarness();
        h.Apply(Drops(51, 0.5));

        var incident = Assert.Single(h.Detector.GetIncidents(FindingState.Active));
        Assert.Equal(IncidentKind.MassDisconnect, incident.Kind);
        Assert.Equal("keepalive_timeout", incident.Reason);
        Assert.Equal(51, incident.Count);
        Assert.Equal(26, incident.ByNode["emqx@node1"]);
        Assert.Equal(25, incident.ByNode["emqx@node2"]);
        Assert.Equal(26, incident.ByNetwork["10.20.1.0/24"]);
        Assert.Equal(25, incident.ByNetwork["10.30.7.0/24"]);
        Assert.Equal(At(100), incident.FirstSeen);
        Assert.Equal(ChangeKind.Opened, Assert.Single(h.IncidentChanges).Change);
    }

    [Fact]
    public void Exactly_the_threshold_does_not_open()
    {
        var h = new DetectorHarness();
        h.Apply(Drops(50, 0.5));

        Assert.Empty(h.Detector.GetIncidents());
    }

    [Fact]
    public void Drops_spread_wider_than_the_window_do_not_open()
    {
        // 51 drops 0.6 s apart span 30 s: the first is exactly the window before the last.
        var h = new DetectorHarness();
        h.Apply(Drops(51, 0.6));

        Assert.Empty(h.Detector.GetIncidents());
    }

    [Fact]
    public void Mixed_reasons_do_not_add_up()
    {
        var h = new DetectorHarness();
        h.Apply(Drops(30, 0.1, "keepalive_timeout").Concat(Drops(30, 0.1, "tcp_closed", start: 101).Select(e => e with { ClientId = "x" + e.ClientId })));

        Assert.Empty(h.Detector.GetIncidents());
    }

    [Fact]
    public void Clean_normal_disconnects_are_never_a_mass_disconnect()
    {
        var h = new DetectorHarness();
        h.Apply(Drops(200, 0.01, "normal"));

        Assert.Empty(h.Detector.GetIncidents());
    }

    [Fact]
    public void A_mass_disconnect_updates_while_it_goes_on_and_resolves_when_quiet()
    {
        var h = new DetectorHarness();
        h.Apply(Drops(60, 0.1));

        var incident = Assert.Single(h.Detector.GetIncidents(FindingState.Active));
        Assert.Equal(60, incident.Count);
        Assert.Equal(9, h.IncidentChanges.Count(c => c.Change == ChangeKind.Updated));

        h.Detector.Tick(At(100 + 5.9 + 29));
        Assert.Single(h.Detector.GetIncidents(FindingState.Active));
        h.Detector.Tick(At(100 + 5.9 + 30));
        var resolved = Assert.Single(h.Detector.GetIncidents(FindingState.Resolved));
        Assert.Equal(incident.Id, resolved.Id);
        Assert.Empty(h.Detector.GetIncidents(FindingState.Active));
    }

    [Fact]
    public void Incident_resolved_is_raised_once_when_it_resolves_and_never_before()
    {
        var detector = new ConflictDetector(new ConflictOptions());
        var resolved = new List<Incident>();
        detector.IncidentResolved += resolved.Add;
        foreach (var e in Drops(60, 0.1))
        {
            detector.Apply(e, e.ReceivedAt);
        }

        detector.Tick(At(100 + 5.9 + 29));
        Assert.Empty(resolved);
        detector.Tick(At(100 + 5.9 + 30));
        var incident = Assert.Single(resolved);
        Assert.Equal((FindingState.Resolved, 60), (incident.State, incident.Count));
        Assert.Equal(FindingKeys.Of(incident), FindingKeys.Of(Assert.Single(detector.GetIncidents(FindingState.Resolved))));
    }

    [Fact]
    public void Repeated_endings_do_not_count_towards_a_mass_disconnect()
    {
        var h = new DetectorHarness();
        var drops = Drops(40, 0.1).ToList();
        h.Apply(drops.Concat(drops));

        Assert.Empty(h.Detector.GetIncidents());
    }

    [Fact]
    public void Not_authorized_bursts_from_one_ip_open_an_incident()
    {
        var h = new DetectorHarness();
        for (int i = 0; i < 10; i++)
        {
            h.Apply(Disconnect($"guess-{i}", i * 5, null, "not_authorized", "203.0.113.9", 60000 + i));
        }

        var incident = Assert.Single(h.Detector.GetIncidents(FindingState.Active));
        Assert.Equal(IncidentKind.AuthFailureBurst, incident.Kind);
        Assert.Equal("203.0.113.9", incident.SourceIp);
        Assert.Equal(10, incident.Count);
        Assert.Contains("guess-0", incident.ClientIds);
    }

    [Fact]
    public void Not_authorized_from_many_networks_or_too_slowly_is_not_a_burst()
    {
        // Many addresses of one network are a burst (RefusalIncidentTests); one address from each of many networks is not.
        var h = new DetectorHarness();
        for (int i = 0; i < 12; i++)
        {
            h.Apply(Disconnect($"a-{i}", i, null, "not_authorized", $"203.0.{i}.113", 60000));
            h.Apply(Disconnect($"b-{i}", i * 7, null, "not_authorized", "198.51.100.1", 60000 + i));
        }

        Assert.Empty(h.Detector.GetIncidents());
    }

    [Theory]
    [InlineData("192.168.17.42", "192.168.17.0/24")]
    [InlineData("2001:db8:abcd:12::1", "2001:db8:abcd::/48")]
    [InlineData("not-an-ip", null)]
    public void Networks_group_by_prefix(string ip, string? expected) => Assert.Equal(expected, NetworkPrefix.Of(ip));
}
