using Dashboard.Api;
using Dashboard.Conflicts;
using Dashboard.Core.Actions;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Groups;
using Dashboard.Core.Notifications;
using Dashboard.Tests.Components;
using Dashboard.ViewModels;

namespace Dashboard.Tests.ViewModels;

/// <summary>The conflicts page's filter and order without a renderer.</summary>
public sealed class ConflictsViewTests : IDisposable
{
    private readonly LiveOnAClock _live = new();
    private readonly ConflictService _conflicts;
    private readonly ConflictsView _view;
    private readonly InMemoryActionStore _actions = new();

    public ConflictsViewTests()
    {
        _conflicts = new ConflictService(new ConflictDetector(new ConflictOptions()), new ChangeNotifier(TimeSpan.FromMilliseconds(100), _live.Time), _live.Time);
        _view = new ConflictsView(_conflicts, DashboardTestHost.NewAcknowledgements(_conflicts, _actions, _live.Time), _live.State, _live.Time);
    }

    public void Dispose() => _live.Dispose();

    [Fact]
    public void Findings_follow_the_chosen_order_and_kind()
    {
        // "many" swaps five times, then "few" four times, a minute later.
        _conflicts.Apply(TestEvents.Swaps(_live.Time.GetUtcNow(), "many", 5));
        _live.Time.Advance(TimeSpan.FromMinutes(1));
        _conflicts.Apply(TestEvents.Swaps(_live.Time.GetUtcNow(), "few", 4));
        _live.Time.Advance(TimeSpan.FromMinutes(1));

        _view.Query = _view.Query with { Sort = FindingSort.Count };
        _view.Read();
        var conflicts = ShownOf(FindingKind.ClientIdConflict);
        Assert.Equal(["many", "few"], conflicts.Select(f => f.ClientId));
        Assert.True(conflicts[0].Count > conflicts[1].Count);
        Assert.Equal(_live.Time.GetUtcNow(), _view.Now);

        _view.Query = _view.Query with { Kind = FindingKind.ClientIdConflict };
        _view.Read();
        Assert.Equal(conflicts.Select(f => f.Id), _view.Shown.Select(f => f.Id));

        _view.Query = _view.Query with { Kind = FindingKind.Flapping };
        _view.Read();
        Assert.All(_view.Shown, f => Assert.Equal(FindingKind.Flapping, f.Kind));
        Assert.DoesNotContain(_view.Shown, f => f.Kind == FindingKind.ClientIdConflict);

        _view.Query = _view.Query with { Kind = null, Sort = FindingSort.LastSeen };
        _view.Read();
        Assert.Equal(_view.Shown.OrderByDescending(f => f.LastSeen).Select(f => f.Id), _view.Shown.Select(f => f.Id));
        Assert.Equal(["few", "many"], ShownOf(FindingKind.ClientIdConflict).Select(f => f.ClientId));

        _view.Query = _view.Query with { Sort = FindingSort.Severity };
        _view.Read();
        Assert.Equal(_view.Shown.OrderByDescending(f => f.Severity).ThenByDescending(f => f.Count).Select(f => f.Id), _view.Shown.Select(f => f.Id));
    }

    [Fact]
    public void A_group_keeps_the_findings_of_its_clients_by_their_live_username_or_else_their_id()
    {
        // "plant-3" by client ID; "ops" by username, first: a plant-3 client that live state knows as user "ops-1" is ops'.
        var groups = new GroupMatcher(
        [
            DeviceGroup.TryCreate("ops", null, "ops-*", null, out _)!,
            DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!,
        ]);
        _live.State.ApplyBatch([TestEvents.Connected("plant-3/ops", _live.Time.GetUtcNow(), "10.0.0.1", 1, "ops-1")]);
        foreach (var id in new[] { "plant-3/a", "plant-3/ops", "other" })
        {
            _conflicts.Apply(TestEvents.Swaps(_live.Time.GetUtcNow(), id, 4));
        }

        _view.Query = new FindingQuery(Kind: FindingKind.ClientIdConflict, Sort: FindingSort.Client) { Group = new GroupFilter(groups, "plant-3") };
        _view.Read();
        Assert.Equal(["plant-3/a"], _view.Shown.Select(f => f.ClientId));
        Assert.Equal(1, _view.Page.Total);

        _view.Query = _view.Query with { Group = new GroupFilter(groups, "ops") };
        _view.Read();
        Assert.Equal(["plant-3/ops"], _view.Shown.Select(f => f.ClientId));

        _view.Query = _view.Query with { Group = null };
        _view.Read();
        Assert.Equal(["other", "plant-3/a", "plant-3/ops"], _view.Shown.Select(f => f.ClientId));
    }

    [Fact]
    public void The_state_choice_picks_findings_and_incidents_in_that_state()
    {
        _conflicts.Apply(TestEvents.Swaps(_live.Time.GetUtcNow(), "a", 4));

        _view.Read();
        Assert.NotEmpty(_view.Shown);
        Assert.All(_view.Shown, f => Assert.Equal(FindingState.Active, f.State));

        _view.Query = _view.Query with { State = FindingState.Resolved };
        _view.Read();
        Assert.Empty(_view.Shown);
        Assert.Empty(_view.Incidents);

        _view.Query = _view.Query with { State = null };
        _view.Read();
        Assert.Equal(_conflicts.GetFindings().Count, _view.Shown.Count);
    }

    [Fact]
    public async Task Acknowledging_shows_who_when_and_the_note_and_writes_an_audit_row()
    {
        _conflicts.Apply(TestEvents.Swaps(_live.Time.GetUtcNow(), "plant/7", 4));
        _view.Read();
        var finding = Assert.Single(_view.Shown);
        var key = FindingKeys.Of(finding);
        Assert.Null(_view.StatusOf(finding));
        Assert.False(_view.AcknowledgementsDurable);

        _live.Time.Advance(TimeSpan.FromSeconds(30));
        _view.Notes[key] = "  swapping the SIM  ";
        await _view.AcknowledgeAsync(key, new Actor("ops", "operator"), CancellationToken.None);

        var status = _view.StatusOf(Assert.Single(_view.Shown));
        Assert.NotNull(status);
        Assert.Equal(("ops", "operator", _live.Time.GetUtcNow(), "swapping the SIM", finding.Count, false),
            (status.Acknowledgement.Actor, status.Acknowledgement.Role, status.Acknowledgement.At, status.Acknowledgement.Note, status.Acknowledgement.CountAtAck, status.Reopened));
        Assert.False(_view.Notes.ContainsKey(key));
        Assert.Empty(_view.Errors);
        var row = Assert.Single(await _actions.GetAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10, CancellationToken.None));
        Assert.Equal(new AuditEntry(_live.Time.GetUtcNow(), "ops", "operator", "acknowledge", "clientid-conflict plant/7", "success", "swapping the SIM"), row);
        Assert.Equal([status.Acknowledgement], await _actions.GetAcknowledgementsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_overlong_note_or_a_finding_no_longer_active_is_refused_with_a_reason()
    {
        _conflicts.Apply(TestEvents.Swaps(_live.Time.GetUtcNow(), "a", 4));
        _view.Read();
        var key = FindingKeys.Of(Assert.Single(_view.Shown));

        _view.Notes[key] = new string('n', Acknowledgement.MaxNoteLength + 1);
        await _view.AcknowledgeAsync(key, new Actor("ops", "operator"), CancellationToken.None);
        Assert.Contains("at most", _view.Errors[key], StringComparison.Ordinal);

        _view.Notes[key] = "ok";
        await _view.AcknowledgeAsync("f-AAAAAAAAAAAAAAAAAAAAAA", new Actor("ops", "operator"), CancellationToken.None);
        Assert.Contains("no longer active", _view.Errors["f-AAAAAAAAAAAAAAAAAAAAAA"], StringComparison.Ordinal);

        Assert.Null(_view.StatusOf(Assert.Single(_view.Shown)));
        Assert.Empty(await _actions.GetAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_store_that_fails_leaves_the_finding_unacknowledged_says_so_and_audits_the_failure()
    {
        var store = new RefusingActionStore();
        var view = new ConflictsView(_conflicts, DashboardTestHost.NewAcknowledgements(_conflicts, store, _live.Time), _live.State, _live.Time);
        _conflicts.Apply(TestEvents.Swaps(_live.Time.GetUtcNow(), "a", 4));
        view.Read();
        var key = FindingKeys.Of(Assert.Single(view.Shown));

        await view.AcknowledgeAsync(key, new Actor("ops", "operator"), CancellationToken.None);

        Assert.Contains("could not be stored", view.Errors[key], StringComparison.Ordinal);
        Assert.DoesNotContain("disk", view.Errors[key], StringComparison.Ordinal);
        Assert.Null(view.StatusOf(Assert.Single(view.Shown)));
        Assert.Equal("failure", Assert.Single(await store.GetAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task An_acknowledged_incident_shows_it_and_the_acknowledgement_ends_when_the_incident_resolves()
    {
        var ended = new List<string>();
        _conflicts.AcknowledgementEnded += ended.Add;
        var start = _live.Time.GetUtcNow();
        _conflicts.Apply([.. Enumerable.Range(0, 60).Select(i => TestEvents.Disconnected($"dev-{i}", start.AddMilliseconds(i * 100), null, "keepalive_timeout", $"10.20.1.{i}", 40000 + i))]);
        _view.Read();
        var key = FindingKeys.Of(Assert.Single(_view.Incidents));

        await _view.AcknowledgeAsync(key, new Actor("ops", "operator"), CancellationToken.None);
        Assert.Equal("mass-disconnect keepalive_timeout", _view.StatusOf(Assert.Single(_view.Incidents))!.Acknowledgement.Target);

        // Quiet for well past the incident window: it resolves, and its acknowledgement with it.
        _live.Time.Advance(TimeSpan.FromMinutes(5));
        _conflicts.Tick();
        _view.Query = _view.Query with { State = null };
        _view.Read();
        var resolved = Assert.Single(_view.Incidents);
        Assert.Equal(FindingState.Resolved, resolved.State);
        Assert.Null(_view.StatusOf(resolved));
        Assert.Equal([key], ended);
    }

    /// <summary>Keeps audit rows but refuses every acknowledgement, as a full disk would.</summary>
    private sealed class RefusingActionStore : IActionStore
    {
        private readonly InMemoryActionStore _inner = new();

        public bool IsDurable => true;

        public Task SaveAcknowledgementAsync(Acknowledgement acknowledgement, CancellationToken cancellationToken) =>
            throw new IOException("disk full");

        public Task<bool> RemoveAcknowledgementAsync(string key, CancellationToken cancellationToken) => _inner.RemoveAcknowledgementAsync(key, cancellationToken);

        public Task<IReadOnlyList<Acknowledgement>> GetAcknowledgementsAsync(CancellationToken cancellationToken) => _inner.GetAcknowledgementsAsync(cancellationToken);

        public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken) => _inner.AppendAuditAsync(entry, cancellationToken);

        public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
            _inner.GetAuditAsync(from, until, limit, cancellationToken);

        public Task<int> PruneAuditAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => _inner.PruneAuditAsync(olderThan, cancellationToken);
    }

    private List<Finding> ShownOf(FindingKind kind) => _view.Shown.Where(f => f.Kind == kind).ToList();
}
