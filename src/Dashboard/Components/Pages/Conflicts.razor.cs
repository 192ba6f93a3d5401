using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Notifications;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// Active and recent findings (client-ID conflicts, reconnect loops, flapping), most severe and
/// most frequent first, each with the evidence, what it means and what to do; and fleet incidents.
/// </summary>
public sealed partial class Conflicts
{
    private const string AllKinds = "all";
    private const string SortSeverity = "severity";
    private const string SortCount = "count";
    private const string SortLastSeen = "last-seen";

    private FindingState? _state = FindingState.Active;
    private string _kind = AllKinds;
    private string _sort = SortSeverity;
    private IReadOnlyList<Finding> _shown = [];
    private IReadOnlyList<Incident> _incidents = [];
    private DateTimeOffset _now;

    [Inject]
    internal ConflictService ConflictService { get; init; } = null!;

    public static string KindTitle(FindingKind kind) => kind switch
    {
        FindingKind.ClientIdConflict => "Client ID conflict",
        FindingKind.ReconnectLoop => "Reconnect loop",
        _ => "Flapping",
    };

    private void OnStateChanged(FindingState? state)
    {
        _state = state;
        ReadState();
    }

    private void OnSortChanged(string sort)
    {
        _sort = sort;
        ReadState();
    }

    private void OnKindChanged(string kind)
    {
        _kind = kind;
        ReadState();
    }

    protected override void ReadState()
    {
        _now = Time.GetUtcNow();
        var findings = ConflictService.GetFindings(_state)
            .Where(f => _kind == AllKinds || f.KindName == _kind)
            .OrderByDescending(f => f.State == FindingState.Active);
        _shown = (_sort switch
        {
            SortCount => findings.ThenByDescending(f => f.Count).ThenByDescending(f => f.Severity),
            SortLastSeen => findings.ThenByDescending(f => f.LastSeen),
            _ => findings.ThenByDescending(f => f.Severity).ThenByDescending(f => f.Count),
        }).ThenByDescending(f => f.LastSeen).ToArray();
        _incidents = ConflictService.GetIncidents(_state).OrderByDescending(i => i.LastSeen).ToArray();
    }
}
