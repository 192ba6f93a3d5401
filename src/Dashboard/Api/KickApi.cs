using Dashboard.Actions;
using Dashboard.Auth;
using Dashboard.Options;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Api;

/// <summary>
/// Kicking clients at EMQX (operators): <c>POST /api/clients/{clientId}/kick</c> and
/// <c>POST /api/clients/kickout/bulk</c>. Both go through <see cref="KickService"/>, which audits
/// every ID. The resulting <c>kicked</c> disconnect arrives later as a normal event.
/// </summary>
internal static class KickApi
{
    public const string BulkPath = "/api/clients/kickout/bulk";

    private const string KickSuffix = "/kick";

    /// <summary>Room for the most IDs of the longest length, each character JSON-escaped (\uXXXX).</summary>
    private const long MaxBulkBodyBytes = (KickService.MaxBulk * ((KickService.MaxClientIdLength * 6L) + 4)) + 64;

    public static void MapKickApi(this IEndpointRouteBuilder app)
    {
        // The literal route wins over the catch-all below, so this path is never read as a client ID.
        app.MapPost(BulkPath, KickManyAsync)
            .RequireAuthorization(DashboardPolicies.Operator)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBulkBodyBytes));

        // A catch-all, like GET /api/clients/{clientId}: an ID with '/' (sent as %2F) arrives whole.
        app.MapPost(ClientsApi.Prefix + "{**rest}", KickAsync).RequireAuthorization(DashboardPolicies.Operator);
    }

    private static async Task<IResult> KickAsync(string rest, HttpContext context, KickService kicks)
    {
        var encoded = ClientsApi.EncodedPathAfterPrefix(context, rest);
        if (!encoded.EndsWith(KickSuffix, StringComparison.Ordinal))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "The only action on one client is POST /api/clients/{clientId}/kick.");
        }

        var clientId = Uri.UnescapeDataString(encoded[..^KickSuffix.Length]);
        if (KickService.Check(clientId) is { } error)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["clientId"] = [error] });
        }

        var result = await kicks.KickAsync(clientId, Actor.Of(context.User), context.RequestAborted);
        return result.Outcome switch
        {
            KickOutcome.Kicked => Results.NoContent(),
            KickOutcome.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Client not known to EMQX", detail: $"EMQX has no client with ID '{clientId}'; it may have disconnected already."),
            KickOutcome.Off => ApiProblems.EmqxApiOff(),
            _ => Failed(result),
        };
    }

    private static async Task<IResult> KickManyAsync(KickManyRequest? request, HttpContext context, KickService kicks)
    {
        var ids = request?.ClientIds;
        var errors = new Dictionary<string, string[]>();
        if (ids is null || ids.Length == 0 || ids.Length > KickService.MaxBulk)
        {
            errors["clientIds"] = [$"must be a list of 1 to {KickService.MaxBulk} client IDs; got {(ids is null ? "none" : ids.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}"];
        }
        else
        {
            var bad = ids.Select((id, i) => (i, Error: KickService.Check(id))).Where(p => p.Error is not null).Take(10).ToArray();
            foreach (var (i, error) in bad)
            {
                errors[$"clientIds[{i}]"] = [error!];
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var result = await kicks.KickManyAsync(ids!, Actor.Of(context.User), context.RequestAborted);
        return result.Outcome switch
        {
            KickOutcome.Kicked => Results.NoContent(),
            KickOutcome.Off => ApiProblems.EmqxApiOff(),
            _ => Failed(result),
        };
    }

    /// <summary>EMQX's own message (bounded, never our credentials): what went wrong there, or that it could not be reached.</summary>
    private static IResult Failed(KickResult result) =>
        Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "EMQX did not kick", detail: result.Error);
}

/// <summary>The body of a bulk kick: the client IDs, 1 to <see cref="KickService.MaxBulk"/>.</summary>
public sealed record KickManyRequest(string[]? ClientIds);
