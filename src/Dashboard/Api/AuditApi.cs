using Dashboard.Actions;
using Dashboard.Auth;
using Dashboard.Core.Actions;

namespace Dashboard.Api;

/// <summary>
/// <c>GET /api/audit?from=&amp;to=&amp;limit=</c>: the audit log's rows in the range (the last 7 days
/// by default), newest first, at most <c>limit</c> (default 200, at most <see cref="AuditLog.MaxRows"/>).
/// </summary>
internal static class AuditApi
{
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(7);

    private const int DefaultLimit = 200;

    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        // Who did what is for admins only.
        app.MapGet("/api/audit", GetAsync).RequireAuthorization(DashboardPolicies.Admin);
    }

    private static async Task<IResult> GetAsync(HttpContext context, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        var range = TimeRangeQuery.Parse(context.Request.Query, now, DefaultSpan, errors);
        var limit = QueryNumber.Read(context.Request.Query, "limit", DefaultLimit, 1, AuditLog.MaxRows, errors);
        if (range is null || errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var (from, to) = range.At(now);
        var rows = await audit.ReadAsync(from, to, limit, cancellationToken);
        return Results.Ok(rows.Select(AuditEntryDto.From).ToArray());
    }
}

/// <summary>One audit row as the API gives it.</summary>
public sealed record AuditEntryDto(DateTime At, string Actor, string Role, string Action, string Target, string Outcome, string? Detail)
{
    public static AuditEntryDto From(AuditEntry e) => new(e.At.UtcDateTime, e.Actor, e.Role, e.Action, e.Target, e.Outcome, e.Detail);
}
