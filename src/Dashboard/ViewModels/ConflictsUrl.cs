using System.Globalization;
using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Groups;

namespace Dashboard.ViewModels;

/// <summary>
/// The Conflicts page's state in its query string: <c>state</c>, <c>kind</c>, <c>severity</c>, <c>q</c>, <c>sort</c>,
/// <c>order</c> (<c>asc</c> or <c>desc</c>, written only against the sort's own direction, as on Clients), <c>page</c> and <c>group</c> (a group in force). Defaults are left out; a value that does not read falls back to its default,
/// so any pasted link opens a view.
/// </summary>
internal static class ConflictsUrl
{
    /// <summary>The query a URL's values describe.</summary>
    public static FindingQuery Read(string? state, string? kind, string? severity, string? q, string? sort, string? order, string? page, string? group = null, GroupMatcher? groups = null)
    {
        var query = new FindingQuery();
        if (FindingQueryNames.TryState(state, out var s))
        {
            query = query with { State = s };
        }

        FindingQueryNames.TryKind(kind, out var k);
        FindingQueryNames.TrySeverity(severity, out var sev);
        FindingQueryNames.TrySort(sort, out var by);
        var search = string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, FindingQuery.MaxSearchLength)];
        var reverse = ReadOrder(order) is { } descending && descending != DescendingByDefault(by);
        var number = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : 1;
        var matcher = groups ?? GroupMatcher.None;
        var inForce = matcher.Find(group) is { } g ? new GroupFilter(matcher, g.Name) : null;
        return query with { Kind = k, Severity = sev, Search = search, Sort = by, Reverse = reverse, Page = number, Group = inForce };
    }

    /// <summary>The query string's values for <paramref name="query"/>: null for each default, which removes it from the URL.</summary>
    public static IReadOnlyDictionary<string, object?> Parameters(FindingQuery query) => new Dictionary<string, object?>
    {
        ["state"] = query.State == FindingState.Active ? null : FindingQueryNames.State(query.State),
        ["kind"] = query.Kind is { } kind ? FindingTexts.Name(kind) : null,
        ["severity"] = query.Severity is { } severity ? FindingQueryNames.Severity(severity) : null,
        ["q"] = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search,
        ["sort"] = query.Sort == FindingSort.Severity ? null : FindingQueryNames.Sort(query.Sort),
        ["order"] = query.Reverse ? (DescendingByDefault(query.Sort) ? "asc" : "desc") : null,
        ["page"] = query.Page > 1 ? query.Page.ToString(CultureInfo.InvariantCulture) : null,
        ["group"] = query.Group?.Name,
    };

    /// <summary>True for <c>desc</c>, false for <c>asc</c> (either case), null for anything else.</summary>
    public static bool? ReadOrder(string? order) =>
        string.Equals(order, "desc", StringComparison.OrdinalIgnoreCase) ? true
        : string.Equals(order, "asc", StringComparison.OrdinalIgnoreCase) ? false
        : null;

    /// <summary>Client IDs sort A to Z; everything else most first (most severe, most frequent, newest).</summary>
    public static bool DescendingByDefault(FindingSort sort) => sort != FindingSort.Client;

    /// <summary>Whether the table shows <paramref name="query"/>'s sort descending.</summary>
    public static bool Descending(FindingQuery query) => DescendingByDefault(query.Sort) != query.Reverse;
}
