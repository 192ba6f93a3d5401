using System.Globalization;
using Dashboard.Auth;
using Dashboard.Core.Maintenance;
using Dashboard.Maintenance;

namespace Dashboard.Api;

/// <summary>
/// Maintenance windows: <c>GET /api/maintenance?page=&amp;pageSize=</c> (viewers: in force, to come, and a page of
/// past ones), <c>POST /api/maintenance</c> (operators: plan one) and <c>POST /api/maintenance/{id}/end</c>
/// (operators: end one early). Every change is audited by <see cref="MaintenanceService"/>.
/// </summary>
internal static class MaintenanceApi
{
    public const string Path = "/api/maintenance";

    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 200;

    public static void MapMaintenanceApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetAsync).RequireAuthorization(DashboardPolicies.Viewer);
        app.MapPost(Path, CreateAsync).RequireAuthorization(DashboardPolicies.Operator);
        app.MapPost(Path + "/{id:long}/end", EndAsync).RequireAuthorization(DashboardPolicies.Operator);
    }

    private static async Task<IResult> GetAsync(HttpContext context, MaintenanceService maintenance, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var page = QueryNumber.Read(context.Request.Query, "page", 1, 1, 10_000, errors);
        var pageSize = QueryNumber.Read(context.Request.Query, "pageSize", DefaultPageSize, 1, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var now = time.GetUtcNow();
        var (past, more) = await maintenance.ListPastAsync(page, pageSize, cancellationToken);
        return Results.Ok(new MaintenanceListDto(
            maintenance.IsAvailable,
            [.. maintenance.Calendar.InForce(now).Select(w => MaintenanceWindowDto.Of(w, now))],
            [.. maintenance.Calendar.Upcoming(now).Select(w => MaintenanceWindowDto.Of(w, now))],
            [.. past.Select(w => MaintenanceWindowDto.Of(w, now))],
            page,
            pageSize,
            more));
    }

    private static async Task<IResult> CreateAsync(MaintenanceRequest? request, HttpContext context, MaintenanceService maintenance)
    {
        if (!maintenance.IsAvailable)
        {
            return HistoryOff();
        }

        var errors = new Dictionary<string, string[]>();
        var from = ReadTime(request?.From, "from", errors);
        var to = ReadTime(request?.To, "to", errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var (window, problems) = await maintenance.CreateAsync(request?.Scope, request?.Target, from, to, request?.Note, Actor.Of(context.User), context.RequestAborted);
        return window is null
            ? Results.ValidationProblem(problems)
            : Results.Created($"{Path}/{window.Id.ToString(CultureInfo.InvariantCulture)}", MaintenanceWindowDto.Of(window, window.CreatedAt));
    }

    private static async Task<IResult> EndAsync(long id, HttpContext context, MaintenanceService maintenance, TimeProvider time)
    {
        if (!maintenance.IsAvailable)
        {
            return HistoryOff();
        }

        var (window, ended) = await maintenance.EndAsync(id, Actor.Of(context.User), context.RequestAborted);
        if (window is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such maintenance window", detail: $"There is no maintenance window {id}.");
        }

        return ended
            ? Results.Ok(MaintenanceWindowDto.Of(window, time.GetUtcNow()))
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The window is already over", detail: $"Maintenance window {id} ended at {window.EffectiveTo.UtcDateTime:u}.");
    }

    private static IResult HistoryOff() =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "History is off", detail: MaintenanceService.Unavailable);

    /// <summary>An ISO 8601 time; one without an offset is read as UTC. Null, with an error naming the field, otherwise.</summary>
    private static DateTimeOffset? ReadTime(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[field] = ["is required (an ISO 8601 time such as 2026-11-28T14:00:00Z)"];
            return null;
        }

        if (text.Length <= 64 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        errors[field] = ["is not an ISO 8601 time such as 2026-11-28T14:00:00Z"];
        return null;
    }
}

/// <summary>The body of <c>POST /api/maintenance</c>: times as ISO 8601 text, so a bad one is named by its field.</summary>
public sealed record MaintenanceRequest(string? Scope, string? Target, string? From, string? To, string? Note);

/// <summary>One window as the API gives it; <c>state</c> is <c>active</c>, <c>upcoming</c> or <c>past</c> at the time of the answer.</summary>
public sealed record MaintenanceWindowDto(
    long Id,
    string Scope,
    string Target,
    DateTime From,
    DateTime To,
    DateTime? EndedAt,
    string? EndedBy,
    string Note,
    string CreatedBy,
    DateTime CreatedAt,
    string State)
{
    public static MaintenanceWindowDto Of(MaintenanceWindow w, DateTimeOffset now) => new(
        w.Id,
        MaintenancePlan.Name(w.Scope),
        w.Target,
        w.From.UtcDateTime,
        w.To.UtcDateTime,
        w.EndedAt?.UtcDateTime,
        w.EndedBy,
        w.Note,
        w.CreatedBy,
        w.CreatedAt.UtcDateTime,
        w.IsActiveAt(now) ? "active" : w.IsCurrentOrUpcomingAt(now) ? "upcoming" : "past");
}

/// <summary>The answer of <c>GET /api/maintenance</c>: <c>available</c> is false with history off.</summary>
public sealed record MaintenanceListDto(
    bool Available,
    IReadOnlyList<MaintenanceWindowDto> Active,
    IReadOnlyList<MaintenanceWindowDto> Upcoming,
    IReadOnlyList<MaintenanceWindowDto> Past,
    int Page,
    int PageSize,
    bool MorePast);
