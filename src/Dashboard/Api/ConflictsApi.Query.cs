using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Groups;
using Dashboard.Core.Live;
using Dashboard.Groups;

namespace Dashboard.Api;

/// <summary>
/// <c>GET /api/conflicts</c>: the findings as an array, as ever; optionally filtered (<c>kind</c>, <c>severity</c>,
/// <c>q</c>, <c>group</c>: the findings of that device group's clients, by their live username and peer IP), sorted (<c>sort</c>, <c>order</c> = <c>asc</c> or <c>desc</c>, as on <c>/api/clients</c>) and paged (<c>page</c>, <c>pageSize</c>; the total matched is in
/// <c>X-Total-Count</c>) with the Conflicts page's names. Without those parameters, the order is today's.
/// </summary>
internal static partial class ConflictsApi
{
    private static readonly string[] QueryKeys = ["kind", "severity", "q", "group", "sort", "order", "page", "pageSize"];

    private static IResult ListFindings(HttpContext context, ConflictService conflicts)
    {
        var query = context.Request.Query;
        if (ParseState(query["state"].ToString(), out var state) is { } stateError)
        {
            return stateError;
        }

        var dto = (Finding f) => FindingDto.From(f, conflicts.Acknowledgements.StatusOf(f));
        if (!QueryKeys.Any(query.ContainsKey))
        {
            return Results.Ok(conflicts.GetFindings(state).Select(dto).ToArray());
        }

        var errors = new Dictionary<string, string[]>();
        if (!FindingQueryNames.TryKind(query["kind"].ToString(), out var kind))
        {
            errors["kind"] = [$"must be clientid-conflict, reconnect-loop, flapping or all; got '{query["kind"]}'"];
        }

        if (!FindingQueryNames.TrySeverity(query["severity"].ToString(), out var severity))
        {
            errors["severity"] = [$"must be critical, warning or all; got '{query["severity"]}'"];
        }

        if (!FindingQueryNames.TrySort(query["sort"].ToString(), out var sort))
        {
            errors["sort"] = [$"must be severity, count, last-seen, first-seen or client; got '{query["sort"]}'"];
        }

        var order = query["order"].ToString();
        if (order.Length > 0 && ViewModels.ConflictsUrl.ReadOrder(order) is null)
        {
            errors["order"] = [$"must be asc or desc; got '{order}'"];
        }

        var search = query["q"].ToString().Trim();
        if (search.Length > FindingQuery.MaxSearchLength)
        {
            errors["q"] = [$"must be at most {FindingQuery.MaxSearchLength} characters; got {search.Length}"];
        }

        var group = GroupQuery.Parse(query, context.RequestServices.GetRequiredService<IDeviceGroups>(), errors);
        var paged = query.ContainsKey("page") || query.ContainsKey("pageSize");
        var page = QueryNumber.Read(query, "page", 1, 1, int.MaxValue, errors);
        var pageSize = QueryNumber.Read(query, "pageSize", FindingQuery.DefaultPageSize, 1, FindingQuery.MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var reverse = ViewModels.ConflictsUrl.ReadOrder(order) is { } descending && descending != ViewModels.ConflictsUrl.DescendingByDefault(sort);
        var findingQuery = new FindingQuery(state, kind, severity, search.Length == 0 ? null : search, sort, reverse, paged ? page : 1, paged ? pageSize : int.MaxValue) { Group = group };
        var live = context.RequestServices.GetRequiredService<LiveState>();
        var result = conflicts.GetFindingPage(findingQuery, ClientGroup.Filter(live, group));
        context.Response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A page past the last is empty here (the page shows the last instead): a script paging on stops.
        return Results.Ok(paged && page > result.Pages ? [] : result.Items.Select(dto).ToArray());
    }
}
