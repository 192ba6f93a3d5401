using Dashboard.Core.Actions;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Events;
using Dashboard.Core.Groups;
using Dashboard.Core.Maintenance;
using static Dashboard.Core.Tests.Conflicts.ConflictEvents;
using static Dashboard.Core.Tests.Conflicts.RefusalIncidentTests;

namespace Dashboard.Core.Tests.Maintenance;

/// <summary>
/// The detector with a maintenance calendar: endings and refusals of clients in a window in force at their event
/// time raise no incident and count towards no loop or flapping; a client-ID conflict is still found, marked, and
/// alerted only if it goes on outside the window. Windows (seconds after T0): <c>plant-3/*</c> from 100 to 1000,
/// ended early at 600; the group <c>lab</c> (10.9.0.0/16) from 100 to 1000.
/// </summary>
public sealed class MaintenanceSuppressionTests
{
    private static readonly GroupMatcher Groups = new([DeviceGroup.TryCreate("lab", null, null, "10.9.0.0/16", out _)!]);

    private readonly List<FindingChange> _changes = [];
    private readonly ConflictDetector _detector;

    public MaintenanceSuppressionTests()
    {
        var calendar = new MaintenanceCalendar(new StaticDeviceGroups(Groups));
        calendar.Replace(
        [
            new MaintenanceWindow(1, MaintenanceScope.ClientIdPattern, "plant-3/*", At(100), At(1000), "rollout", "ops", At(0), At(600), "lead"),
            new MaintenanceWindow(2, MaintenanceScope.Group, "lab", At(100), At(1000), "power-down", "ops", At(0)),
        ]);
        _detector = new ConflictDetector(new ConflictOptions(), calendar);
        _detector.FindingChanged += _changes.Add;
    }

    /// <summary>60 clients dropping with one reason, 0.25 s apart from <paramref name="start"/>: over the threshold of 50.</summary>
    private static IEnumerable<ConnectionEvent> Drops(Func<int, string> clientId, double start, Func<int, string>? ip = null) =>
        Enumerable.Range(0, 60).Select(i => Disconnect(clientId(i), start + (i * 0.25), null, "keepalive_timeout", ip?.Invoke(i) ?? $"10.20.1.{i}", 40000 + i));

    public static TheoryData<string, string, double, bool> MassDisconnects => new()
    {
        // case, client ID prefix (or "lab" for the lab network), start, incident?
        { "in scope, inside the window", "plant-3/", 200, false },
        { "in scope, before the window", "plant-3/", 20, true },
        { "in scope, after the early end", "plant-3/", 700, true },
        { "out of scope, inside the window", "plant-4/", 200, true },
        { "the group's network, inside its window", "lab", 200, false },
        { "the group's network, after its window", "lab", 1100, true },
    };

    [Theory]
    [MemberData(nameof(MassDisconnects))]
    public void A_mass_disconnect_opens_only_outside_a_window_covering_its_clients(string name, string prefix, double start, bool incident)
    {
        var drops = prefix == "lab"
            ? Drops(i => $"sensor-{i}", start, i => $"10.9.3.{i}")
            : Drops(i => $"{prefix}dev-{i}", start);
        Apply(drops);

        Assert.True(incident == (_detector.GetIncidents(FindingState.Active).Count == 1), name);
    }

    [Fact]
    public void Only_the_unplanned_part_of_a_mixed_drop_counts()
    {
        // 40 planned and 40 not in the same seconds: 40 are under the threshold of 50.
        Apply(Drops(i => $"plant-3/a-{i}", 200).Take(40).Concat(Drops(i => $"plant-4/b-{i}", 200).Take(40)));
        Assert.Empty(_detector.GetIncidents());

        // 60 more unplanned ones make an incident of the unplanned alone.
        Apply(Drops(i => $"plant-5/c-{i}", 210));
        Assert.DoesNotContain(Assert.Single(_detector.GetIncidents(FindingState.Active)).ClientIds, id => id.StartsWith("plant-3/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(200, false)]
    [InlineData(20, true)]
    public void Refusals_in_scope_make_no_auth_burst_or_refused_incident_inside_the_window(double start, bool incident)
    {
        foreach (var e in Enumerable.Range(0, 60).Select(i => Connack($"plant-3/dev-{i}", start + (i * 0.25), port: 40000 + i)))
        {
            _detector.ApplyAccess(e, e.ReceivedAt);
        }

        Assert.Equal(incident, _detector.GetIncidents(FindingState.Active).Count > 0);
    }

    [Theory]
    [InlineData("plant-3/meter", 200, false)]
    [InlineData("plant-3/meter", 650, true)]
    [InlineData("plant-4/meter", 200, true)]
    public void A_reconnect_loop_and_flapping_count_only_outside_a_window(string clientId, double start, bool found)
    {
        Apply(Takeovers(clientId, NewPorts(4), start, 10, endingFirst: true));
        Apply(Enumerable.Range(0, 5).SelectMany(i => new[]
        {
            Connect(clientId + "-cam", start + (i * 20), "10.1.2.3", 30000 + i),
            Disconnect(clientId + "-cam", start + (i * 20) + 5, start + (i * 20), "tcp_closed", "10.1.2.3", 30000 + i),
        }));

        Assert.Equal(found ? [FindingKind.ReconnectLoop, FindingKind.Flapping] : [], _detector.GetFindings(FindingState.Active).Select(f => f.Kind).Order());
    }

    [Fact]
    public void A_conflict_in_a_window_is_found_and_marked_and_sends_no_alert_even_when_it_resolves()
    {
        var book = new AcknowledgementBook();
        Apply(Takeovers("plant-3/shared", Alternating(4), 200, 10, endingFirst: true));

        var finding = Assert.Single(_detector.GetFindings(FindingState.Active));
        Assert.Equal(FindingKind.ClientIdConflict, finding.Kind);
        Assert.True(finding.DuringMaintenance);

        _detector.Tick(At(2000));
        Assert.True(Assert.Single(_detector.GetFindings(FindingState.Resolved)).DuringMaintenance);
        Assert.All(_changes, change => Assert.Null(book.Observe(change, out _)));
    }

    [Fact]
    public void A_conflict_that_goes_on_past_the_window_alerts_as_opened_when_it_does()
    {
        var book = new AcknowledgementBook();

        // Swaps every 40 s, endings from 480 to 640: it opens at the third (560), and the early end (600) falls after.
        Apply(Takeovers("plant-3/shared", Alternating(6), 440, 40, endingFirst: true));

        var alerts = _changes.Select(c => (c.Change, c.Finding.DuringMaintenance, Alert: book.Observe(c, out _))).ToList();
        Assert.Equal((ChangeKind.Opened, true, (string?)null), alerts[0]);
        var first = alerts.FindIndex(a => a.Alert is not null);
        Assert.Equal((ChangeKind.Updated, false, AcknowledgementBook.Opened), alerts[first]);
        Assert.Single(alerts, a => a.Alert is not null);
        Assert.False(Assert.Single(_detector.GetFindings(FindingState.Active)).DuringMaintenance);
    }

    [Fact]
    public void A_conflict_outside_any_window_is_unmarked_and_alerted_as_before()
    {
        var book = new AcknowledgementBook();
        Apply(Takeovers("plant-4/shared", Alternating(4), 200, 10, endingFirst: true));

        Assert.False(Assert.Single(_detector.GetFindings(FindingState.Active)).DuringMaintenance);
        Assert.Equal([AcknowledgementBook.Opened], _changes.Select(c => book.Observe(c, out _)).OfType<string>());
    }

    private void Apply(IEnumerable<ConnectionEvent> events)
    {
        foreach (var e in events)
        {
            _detector.Apply(e, e.ReceivedAt);
        }
    }
}
