using Dashboard.Actions;
using Dashboard.Auth;
using Dashboard.Emqx;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Api;

/// <summary>
/// <c>POST /api/emqx/reconcile</c> (operator): checks the online set against EMQX's listing now and
/// answers with the figures. 409 while the REST API is off (saying how to turn it on), 502 with EMQX's
/// message when the listing failed (then nothing was marked offline). Every call is audited.
/// </summary>
internal static class ReconcileApi
{
    public const string Trigger = "manual";

    public static void MapReconcileApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/emqx/reconcile", ReconcileAsync).RequireAuthorization(DashboardPolicies.Operator);

    private static async Task<IResult> ReconcileAsync(
        HttpContext context,
        IReconciler reconciler,
        IOptions<EmqxOptions> options,
        AuditLog audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!options.Value.IsOn)
        {
            return ApiProblems.EmqxApiOff();
        }

        var report = await reconciler.RunAsync(Trigger, cancellationToken);
        await audit.RecordAsync(ReconcileAudit.Of(report, Actor.Of(context.User), time.GetUtcNow()), CancellationToken.None);

        return report.Error is null
            ? Results.Ok(ReconcileDto.From(report))
            : Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "EMQX's listing failed; nothing was marked offline", detail: report.Error);
    }
}

/// <summary>The figures of one reconcile, as <c>POST /api/emqx/reconcile</c> returns them.</summary>
public sealed record ReconcileDto(int BrokerOnline, int MarkedOnline, int MarkedOffline, int Unchanged, int Pages, long DurationMs, DateTime StartedAt, string Trigger)
{
    public static ReconcileDto From(ReconcileReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.BrokerOnline, r.MarkedOnline, r.MarkedOffline, r.Unchanged, r.Pages, r.DurationMs, r.StartedAt.UtcDateTime, r.Trigger);
    }
}
