using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;

namespace Dashboard.ViewModels;

/// <summary>
/// The conflicts page's lists: findings in the chosen state and of the chosen kind, active ones
/// first, then in the chosen order; and the fleet incidents in that state, newest first.
/// </summary>
internal sealed class ConflictsView(ConflictService conflicts, TimeProvider time)
{
    public const string AllKinds = "all";
    public const string SortSeverity = "severity";
    public const string SortCount = "count";
    public const string SortLastSeen = "last-seen";

    /// <summary>Active, resolved, or null for both.</summary>
    public FindingState? State { get; set; } = FindingState.Active;

    /// <summary>A finding kind's name (<see cref="Finding.KindName"/>), or <see cref="AllKinds"/>.</summary>
    public string Kind { get; set; } = AllKinds;

    /// <summary><see cref="SortSeverity"/>, <see cref="SortCount"/> or <see cref="SortLastSeen"/>.</summary>
    public string Sort { get; set; } = SortSeverity;

    public IReadOnlyList<Finding> Shown { get; private set; } = [];

    public IReadOnlyList<Incident> Incidents { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public void Read()
    {
        Now = time.GetUtcNow();
        var findings = conflicts.GetFindings(State)
            .Where(f => Kind == AllKinds || f.KindName == Kind)
            .OrderByDescending(f => f.State == FindingState.Active);
        Shown = (Sort switch
        {
            SortCount => findings.ThenByDescending(f => f.Count).ThenByDescending(f => f.Severity),
            SortLastSeen => findings.ThenByDescending(f => f.LastSeen),
            _ => findings.ThenByDescending(f => f.Severity).ThenByDescending(f => f.Count),
        }).ThenByDescending(f => f.LastSeen).ToArray();
        Incidents = conflicts.GetIncidents(State).OrderByDescending(i => i.LastSeen).ToArray();
    }
}
