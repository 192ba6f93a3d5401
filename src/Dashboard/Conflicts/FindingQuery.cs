using Dashboard.Core.Conflicts;
using Dashboard.Core.Groups;

namespace Dashboard.Conflicts;

/// <summary>What the Conflicts table sorts findings by; each sorts the most telling first unless reversed.</summary>
public enum FindingSort
{
    Severity,
    Count,
    LastSeen,
    FirstSeen,
    Client,
}

/// <summary>
/// One page of findings, filtered and sorted: what the Conflicts page and <c>/api/conflicts</c> ask
/// <see cref="ConflictService.GetFindingPage"/> for, so neither holds thousands of rows.
/// </summary>
/// <param name="State">Active, resolved, or null for both (active ones first).</param>
/// <param name="Kind">One kind, or null for all.</param>
/// <param name="Severity">One severity, or null for both.</param>
/// <param name="Search">A part of the client ID (case-insensitive), or null.</param>
/// <param name="Sort">The order within each state.</param>
/// <param name="Reverse">True for the other way round: least severe, fewest, oldest first, or client IDs Z to A.</param>
/// <param name="Page">1-based; past the last page reads as the last.</param>
/// <param name="PageSize">Rows per page (callers bound it: <see cref="MaxPageSize"/> for a caller's choice).</param>
public sealed record FindingQuery(
    FindingState? State = FindingState.Active,
    FindingKind? Kind = null,
    FindingSeverity? Severity = null,
    string? Search = null,
    FindingSort Sort = FindingSort.Severity,
    bool Reverse = false,
    int Page = 1,
    int PageSize = FindingQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>A client ID is at most 65535 bytes; a search longer than a few hundred characters finds nothing useful.</summary>
    public const int MaxSearchLength = 256;

    /// <summary>
    /// Only the findings of one device group's clients: the caller judges membership
    /// (<see cref="Groups.ClientGroup"/>: the client's live username and peer IP) and hands it to <see cref="Apply"/>.
    /// </summary>
    public GroupFilter? Group { get; init; }

    /// <summary>The filtered findings' page, and how many matched in all; <paramref name="inGroup"/> tests <see cref="Group"/> by client ID.</summary>
    public FindingPage Apply(IEnumerable<Finding> findings, Func<string, bool>? inGroup = null)
    {
        var search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();
        var matched = findings
            .Where(f => (State is null || f.State == State)
                && (Kind is null || f.Kind == Kind)
                && (Severity is null || f.Severity == Severity)
                && (search is null || f.ClientId.Contains(search, StringComparison.OrdinalIgnoreCase))
                && (inGroup is null || inGroup(f.ClientId)))
            .ToList();
        matched.Sort(Compare);
        var pageSize = Math.Max(PageSize, 1);
        var pages = Math.Max(1, (matched.Count + pageSize - 1) / pageSize);
        var page = Math.Clamp(Page, 1, pages);
        return new FindingPage(matched.Skip((page - 1) * pageSize).Take(pageSize).ToArray(), matched.Count, page, pages);
    }

    /// <summary>Active before resolved; then the chosen order; ties newest first, then by ID so a page is stable.</summary>
    private int Compare(Finding a, Finding b)
    {
        int byState = a.State.CompareTo(b.State);
        if (byState != 0)
        {
            return byState;
        }

        int chosen = Sort switch
        {
            FindingSort.Count => b.Count.CompareTo(a.Count),
            FindingSort.LastSeen => b.LastSeen.CompareTo(a.LastSeen),
            FindingSort.FirstSeen => b.FirstSeen.CompareTo(a.FirstSeen),
            FindingSort.Client => string.CompareOrdinal(a.ClientId, b.ClientId),
            _ => b.Severity != a.Severity ? b.Severity.CompareTo(a.Severity) : b.Count.CompareTo(a.Count),
        };
        if (Reverse)
        {
            chosen = -chosen;
        }

        return chosen != 0 ? chosen
            : b.LastSeen != a.LastSeen ? b.LastSeen.CompareTo(a.LastSeen)
            : b.Id.CompareTo(a.Id);
    }
}

/// <summary>One page of findings: its rows, how many matched, which page it is (1-based) of how many.</summary>
public sealed record FindingPage(IReadOnlyList<Finding> Items, int Total, int Page, int Pages);

/// <summary>The names findings' filters and sorts have in URLs (the page's query string and the API's).</summary>
public static class FindingQueryNames
{
    public static string State(FindingState? state) => state switch
    {
        FindingState.Active => "active",
        FindingState.Resolved => "resolved",
        _ => "all",
    };

    public static bool TryState(string? value, out FindingState? state)
    {
        state = value?.ToLowerInvariant() switch
        {
            null or "" or "active" => FindingState.Active,
            "resolved" => FindingState.Resolved,
            _ => null,
        };
        return state is not null || string.Equals(value, "all", StringComparison.OrdinalIgnoreCase);
    }

    public static bool TryKind(string? value, out FindingKind? kind)
    {
        kind = Enum.GetValues<FindingKind>().Select(k => (FindingKind?)k).FirstOrDefault(k => string.Equals(FindingTexts.Name(k!.Value), value, StringComparison.OrdinalIgnoreCase));
        return kind is not null || string.IsNullOrEmpty(value) || string.Equals(value, "all", StringComparison.OrdinalIgnoreCase);
    }

    public static string Severity(FindingSeverity severity) => severity.ToString().ToLowerInvariant();

    public static bool TrySeverity(string? value, out FindingSeverity? severity)
    {
        severity = Enum.GetValues<FindingSeverity>().Select(s => (FindingSeverity?)s).FirstOrDefault(s => string.Equals(Severity(s!.Value), value, StringComparison.OrdinalIgnoreCase));
        return severity is not null || string.IsNullOrEmpty(value) || string.Equals(value, "all", StringComparison.OrdinalIgnoreCase);
    }

    public static string Sort(FindingSort sort) => sort switch
    {
        FindingSort.Count => "count",
        FindingSort.LastSeen => "last-seen",
        FindingSort.FirstSeen => "first-seen",
        FindingSort.Client => "client",
        _ => "severity",
    };

    public static bool TrySort(string? value, out FindingSort sort)
    {
        sort = Enum.GetValues<FindingSort>().FirstOrDefault(s => string.Equals(Sort(s), value, StringComparison.OrdinalIgnoreCase));
        return string.IsNullOrEmpty(value) || string.Equals(Sort(sort), value, StringComparison.OrdinalIgnoreCase);
    }
}
