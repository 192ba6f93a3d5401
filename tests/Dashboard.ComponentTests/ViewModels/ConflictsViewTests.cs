using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
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

    public ConflictsViewTests()
    {
        _conflicts = new ConflictService(new ConflictDetector(new ConflictOptions()), new ChangeNotifier(TimeSpan.FromMilliseconds(100), _live.Time), _live.Time);
        _view = new ConflictsView(_conflicts, _live.Time);
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

        _view.Sort = ConflictsView.SortCount;
        _view.Read();
        var conflicts = ShownOf(FindingKind.ClientIdConflict);
        Assert.Equal(["many", "few"], conflicts.Select(f => f.ClientId));
        Assert.True(conflicts[0].Count > conflicts[1].Count);
        Assert.Equal(_live.Time.GetUtcNow(), _view.Now);

        _view.Kind = "clientid-conflict";
        _view.Read();
        Assert.Equal(conflicts.Select(f => f.Id), _view.Shown.Select(f => f.Id));

        _view.Kind = "flapping";
        _view.Read();
        Assert.All(_view.Shown, f => Assert.Equal(FindingKind.Flapping, f.Kind));
        Assert.DoesNotContain(_view.Shown, f => f.Kind == FindingKind.ClientIdConflict);

        _view.Kind = ConflictsView.AllKinds;
        _view.Sort = ConflictsView.SortLastSeen;
        _view.Read();
        Assert.Equal(_view.Shown.OrderByDescending(f => f.LastSeen).Select(f => f.Id), _view.Shown.Select(f => f.Id));
        Assert.Equal(["few", "many"], ShownOf(FindingKind.ClientIdConflict).Select(f => f.ClientId));

        _view.Sort = ConflictsView.SortSeverity;
        _view.Read();
        Assert.Equal(_view.Shown.OrderByDescending(f => f.Severity).ThenByDescending(f => f.Count).Select(f => f.Id), _view.Shown.Select(f => f.Id));
    }

    [Fact]
    public void The_state_choice_picks_findings_and_incidents_in_that_state()
    {
        _conflicts.Apply(TestEvents.Swaps(_live.Time.GetUtcNow(), "a", 4));

        _view.Read();
        Assert.NotEmpty(_view.Shown);
        Assert.All(_view.Shown, f => Assert.Equal(FindingState.Active, f.State));

        _view.State = FindingState.Resolved;
        _view.Read();
        Assert.Empty(_view.Shown);
        Assert.Empty(_view.Incidents);

        _view.State = null;
        _view.Read();
        Assert.Equal(_conflicts.GetFindings().Count, _view.Shown.Count);
    }

    private List<Finding> ShownOf(FindingKind kind) => _view.Shown.Where(f => f.Kind == kind).ToList();
}
