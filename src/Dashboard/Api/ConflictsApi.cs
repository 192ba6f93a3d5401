using Dashboard.Actions;
using Dashboard.Auth;
using Dashboard.Conflicts;
using Dashboard.Core.Actions;
using Dashboard.Core.Conflicts;

namespace Dashboard.Api;

/// <summary><c>/api/conflicts</c> and <c>/api/incidents</c>: what the conflict detector has found.</summary>
internal static partial class ConflictsApi
{
    public static void MapConflictsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/conflicts", ListFindings);
        app.MapGet("/api/incidents", (HttpContext context, ConflictService conflicts) =>
            ParseState(context.Request.Query["state"].ToString(), out var state) is { } error
                ? error
                : Results.Ok(conflicts.GetIncidents(state).Select(i => IncidentDto.From(i, conflicts.Acknowledgements.StatusOf(i))).ToArray()));
        // Acting on a finding is for operators; reading findings is for viewers (the fallback policy).
        app.MapPost("/api/conflicts/{id}/acknowledge", AcknowledgeAsync).RequireAuthorization(DashboardPolicies.Operator);
    }

    /// <summary>Acknowledges the active finding or incident with key <paramref name="id"/>; 404 when there is none.</summary>
    private static async Task<IResult> AcknowledgeAsync(string id, AcknowledgeRequest? request, HttpContext context, AcknowledgementService acknowledgements)
    {
        var note = request?.Note?.Trim() ?? "";
        if (note.Length > Acknowledgement.MaxNoteLength)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["note"] = [$"must be at most {Acknowledgement.MaxNoteLength} characters; got {note.Length}"] });
        }

        var actor = Actor.Of(context.User);
        var ack = FindingKeys.IsWellFormed(id) ? await acknowledgements.AcknowledgeAsync(id, note, actor, context.RequestAborted) : null;
        return ack is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such finding", detail: "No active finding or incident has this ID; it may have resolved. The IDs are the 'key' fields of /api/conflicts and /api/incidents.")
            : Results.Ok(AcknowledgementDto.From(new AcknowledgementStatus(ack, Reopened: false)));
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

/// <summary>The body of an acknowledgement: why it is acknowledged, what is being done.</summary>
public sealed record AcknowledgeRequest(string? Note);

/// <summary>Who acknowledged, when, with which note; <c>Reopened</c> once the count has doubled since.</summary>
public sealed record AcknowledgementDto(string By, string Role, DateTime At, string Note, int CountAtAck, bool Reopened)
{
    public static AcknowledgementDto From(AcknowledgementStatus status) => new(
        status.Acknowledgement.Actor,
        status.Acknowledgement.Role,
        status.Acknowledgement.At.UtcDateTime,
        status.Acknowledgement.Note,
        status.Acknowledgement.CountAtAck,
        status.Reopened);
}

public sealed record FindingDto(
    long Id,
    string Key,
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
    string Advice,
    AcknowledgementDto? Acknowledgement,
    int RefusedConnects,
    string? RefusalSummary,
    bool DuringMaintenance)
{
    public static FindingDto From(Finding f, AcknowledgementStatus? acknowledgement) => new(
        f.Id,
        FindingKeys.Of(f),
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
        f.Advice,
        acknowledgement is null ? null : AcknowledgementDto.From(acknowledgement),
        f.RefusedConnects,
        f.RefusalSummary,
        f.DuringMaintenance);
}

public sealed record IncidentDto(
    long Id,
    string Key,
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
    string Advice,
    AcknowledgementDto? Acknowledgement,
    string? SourceNetwork,
    IReadOnlyList<string> SourceIps,
    IReadOnlyDictionary<string, int> ByReason)
{
    public static IncidentDto From(Incident i, AcknowledgementStatus? acknowledgement) => new(
        i.Id,
        FindingKeys.Of(i),
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
        i.Advice,
        acknowledgement is null ? null : AcknowledgementDto.From(acknowledgement),
        i.SourceNetwork,
        i.SourceIps,
        i.ByReason);
}
