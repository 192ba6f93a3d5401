using Dashboard.Core.Actions;
using Dashboard.Core.Conflicts;
using static Dashboard.Core.Tests.Conflicts.ConflictEvents;

namespace Dashboard.Core.Tests.Conflicts;

/// <summary>Acknowledged findings: no alerts until they resolve, back as re-opened when the count doubles.</summary>
public sealed class AcknowledgementBookTests
{
    private static Acknowledgement AckOf(Finding finding) =>
        new(FindingKeys.Of(finding), FindingKeys.Describe(finding), "ops", "operator", At(0), "replacing the modem", finding.Count);

    [Fact]
    public void An_acknowledged_finding_alerts_only_once_on_doubling_and_again_on_resolving()
    {
        var h = new DetectorHarness();
        var book = new AcknowledgementBook();
        h.Apply(Takeovers("pump-3", NewPorts(10), 0, 5, endingFirst: true));
        var alerts = new List<(string Alert, int Count)>();
        foreach (var change in h.Changes)
        {
            if (book.Observe(change, out var ended) is { } alert)
            {
                alerts.Add((alert, change.Finding.Count));
            }

            Assert.Null(ended);
            if (change.Change == ChangeKind.Opened)
            {
                // The operator acknowledges as soon as it opens.
                book.Set(AckOf(change.Finding));
                Assert.False(book.NeedsAttention(change.Finding));
            }
        }

        var opening = h.ChangesOf(ChangeKind.Opened).Single().Finding.Count;
        Assert.Equal(9, h.Active.Single().Count);
        Assert.True(9 >= opening * 2, "the scenario doubles the count after the acknowledgement");

        // Opened once; nothing while acknowledged; re-opened exactly when the count reached twice the acknowledged one.
        Assert.Equal([("opened", opening), ("reopened", opening * 2)], alerts);
        var status = book.StatusOf(h.Active.Single());
        Assert.NotNull(status);
        Assert.True(status.Reopened);
        Assert.True(book.NeedsAttention(h.Active.Single()));

        // It resolves: the alert is sent and the acknowledgement ends.
        h.Detector.Tick(At(45) + TimeSpan.FromMinutes(10));
        var resolved = h.Changes[^1];
        Assert.Equal(ChangeKind.Resolved, resolved.Change);
        Assert.Equal(AcknowledgementBook.Resolved, book.Observe(resolved, out var endedKey));
        Assert.Equal(FindingKeys.Of(resolved.Finding), endedKey);
        Assert.Null(book.StatusOf(resolved.Finding));
    }

    [Fact]
    public void Below_double_the_finding_stays_acknowledged_and_silent()
    {
        var h = new DetectorHarness();
        var book = new AcknowledgementBook();
        h.Apply(Takeovers("pump-3", NewPorts(10), 0, 5, endingFirst: true));
        var finding = h.Active.Single();

        // Acknowledged at 5: 9 is not yet 10.
        book.Set(AckOf(finding) with { CountAtAck = 5 });
        var updated = h.ChangesOf(ChangeKind.Updated)[^1];
        Assert.Null(book.Observe(updated, out _));
        Assert.False(book.StatusOf(finding)!.Reopened);
        Assert.False(book.NeedsAttention(finding));

        // A finding acknowledged before a restart opens again without an alert.
        Assert.Null(book.Observe(new FindingChange(ChangeKind.Opened, finding), out _));
        Assert.Equal(AcknowledgementBook.Opened, new AcknowledgementBook().Observe(new FindingChange(ChangeKind.Opened, finding), out _));
    }

    [Fact]
    public void An_incident_is_acknowledged_by_its_kind_and_scope_until_removed()
    {
        var book = new AcknowledgementBook();
        var incident = new Incident
        {
            Id = 1, Kind = IncidentKind.AuthFailureBurst, State = FindingState.Active, Reason = "not_authorized", SourceIp = "203.0.113.9",
            Count = 40, FirstSeen = At(0), LastSeen = At(10), ByNode = new Dictionary<string, int>(), ByNetwork = new Dictionary<string, int>(),
            ClientIds = [], Meaning = "", Advice = "",
        };
        var key = FindingKeys.Of(incident);
        book.Set(new Acknowledgement(key, FindingKeys.Describe(incident), "ops", "operator", At(11), "", incident.Count));
        Assert.False(book.NeedsAttention(incident));
        Assert.True(book.NeedsAttention(incident with { Count = 80 }));

        Assert.True(book.Remove(key));
        Assert.Null(book.StatusOf(incident));
        Assert.False(book.Remove(key));
    }

    [Fact]
    public void An_incident_alerts_like_a_finding_opened_then_reopened_once_then_resolved()
    {
        var book = new AcknowledgementBook();
        var incident = new Incident
        {
            Id = 1, Kind = IncidentKind.RefusedConnections, State = FindingState.Active, Reason = "bad_username_or_password",
            Count = 51, FirstSeen = At(0), LastSeen = At(10), ByNode = new Dictionary<string, int>(), ByNetwork = new Dictionary<string, int>(),
            ClientIds = [], Meaning = "", Advice = "",
        };
        Assert.Equal(AcknowledgementBook.Opened, book.Observe(new IncidentChange(ChangeKind.Opened, incident), out _));
        var key = FindingKeys.Of(incident);
        book.Set(new Acknowledgement(key, FindingKeys.Describe(incident), "ops", "operator", At(11), "rotation", incident.Count));

        Assert.Null(book.Observe(new IncidentChange(ChangeKind.Updated, incident with { Count = 101 }), out _));
        Assert.Equal(AcknowledgementBook.Reopened, book.Observe(new IncidentChange(ChangeKind.Updated, incident with { Count = 102 }), out _));
        Assert.Null(book.Observe(new IncidentChange(ChangeKind.Updated, incident with { Count = 150 }), out _));
        Assert.Equal(AcknowledgementBook.Resolved, book.Observe(new IncidentChange(ChangeKind.Resolved, incident with { State = FindingState.Resolved }), out var ended));
        Assert.Equal(key, ended);
        Assert.Null(book.Get(key));
    }

    [Fact]
    public void Keys_name_what_a_finding_is_about_not_the_detectors_counter()
    {
        var first = new DetectorHarness();
        first.Apply(Takeovers("plant/7 ü", Alternating(4), 0, 20, endingFirst: true));
        var again = new DetectorHarness();
        again.Apply(Takeovers("other", Alternating(4), 0, 20, endingFirst: true));
        again.Apply(Takeovers("plant/7 ü", Alternating(4), 0, 20, endingFirst: true));

        var a = first.Active.Single();
        var b = again.Active.Single(f => f.ClientId == "plant/7 ü");
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(FindingKeys.Of(a), FindingKeys.Of(b));
        Assert.NotEqual(FindingKeys.Of(a), FindingKeys.Of(again.Active.Single(f => f.ClientId == "other")));
        Assert.NotEqual(FindingKeys.Of(a), FindingKeys.Of(a with { Kind = FindingKind.ReconnectLoop }));
        Assert.True(FindingKeys.IsWellFormed(FindingKeys.Of(a)));
        Assert.Equal(FindingKeys.Length, FindingKeys.Of(a).Length);
        Assert.False(FindingKeys.IsWellFormed("f-../../etc/passwd"));
        Assert.False(FindingKeys.IsWellFormed("42"));
    }
}
