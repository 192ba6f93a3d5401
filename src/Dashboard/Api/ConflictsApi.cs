using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;

namespace Dashboard.Api;

/// <summary><c>/api/conflicts</c> and <c>/api/incidents</c>: what the conflict detector has found.</summary>
internal static class ConflictsApi
{
    public static void MapConflictsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/conflicts", (HttpContext context, ConflictService conflicts) =>
            ParseState(context.Request.Query["state"].ToString(), out var state) is { } error
                ? error
                : Results.Ok(conflicts.GetFindings(state).Select(FindingDto.From).ToArray()));
        app.MapGet("/api/incidents", (HttpContext context, ConflictService conflicts) =>
            ParseState(context.Request.Query["state"].ToString(), out var state) is { } error
                ? error
                : Results.Ok(conflicts.GetIncidents(state).Select(IncidentDto.From).ToArray()));
    }

    /// <summary>active (the default), resolved or all; anything else is a 400 naming the parameter.</summary>
    private static IResult? ParseState(string value, out FindingState? state)
    {
        state = value.ToLowerInvariant() switch
        {
            "" or "active" => FindingState.Active,
            "resolved" => FindingState.Resolved,
            _ => null,
        };
        if (state is not null || value.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Results.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"must be active, resolved or all; got '{value}'"] });
    }
}

public sealed record FindingDto(
    long Id,
    string ClientId,
    string Kind,
    string State,
    string Severity,
    int Count,
    DateTime FirstSeen,
    DateTime LastSeen,
    DateTime? ResolvedAt,
    IReadOnlyList<string> Peers,
    IReadOnlyList<string> Usernames,
    IReadOnlyList<string> Nodes,
    string Meaning,
    string Advice)
{
    public static FindingDto From(Finding f) => new(
        f.Id,
        f.ClientId,
        f.KindName,
        f.State == FindingState.Active ? "active" : "resolved",
        f.Severity.ToString().ToLowerInvariant(),
        f.Count,
        f.FirstSeen.UtcDateTime,
        f.LastSeen.UtcDateTime,
        f.ResolvedAt?.UtcDateTime,
        f.Peers,
        f.Usernames,
        f.Nodes,
        f.Meaning,
        f.Advice);
}

public sealed record IncidentDto(
    long Id,
    string Kind,
    string State,
    string Reason,
    string? SourceIp,
    int Count,
    DateTime FirstSeen,
    DateTime LastSeen,
    DateTime? ResolvedAt,
    IReadOnlyDictionary<string, int> ByNode,
    IReadOnlyDictionary<string, int> ByNetwork,
    IReadOnlyList<string> ClientIds,
    string Meaning,
    string Advice)
{
    public static IncidentDto From(Incident i) => new(
        i.Id,
        i.Kind.ToString(),
        i.State == FindingState.Active ? "active" : "resolved",
        i.Reason,
        i.SourceIp,
        i.Count,
        i.FirstSeen.UtcDateTime,
        i.LastSeen.UtcDateTime,
        i.ResolvedAt?.UtcDateTime,
        i.ByNode,
        i.ByNetwork,
        i.ClientIds,
        i.Meaning,
        i.Advice);
}
