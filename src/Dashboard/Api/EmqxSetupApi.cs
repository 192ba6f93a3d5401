using Dashboard.Auth;
using Dashboard.Emqx.Setup;
using Dashboard.Options;

namespace Dashboard.Api;

/// <summary>
/// The one-click EMQX setup: <c>GET /api/emqx/setup/plan</c> shows exactly what will be sent (the
/// webhook secret masked), <c>POST /api/emqx/setup</c> sends it (admin), and
/// <c>POST /api/emqx/selftest</c> proves the path with a probe client (operator).
/// </summary>
internal static class EmqxSetupApi
{
    public static void MapEmqxSetupApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/emqx/setup/plan", GetPlanAsync).RequireAuthorization(DashboardPolicies.Admin);
        app.MapPost("/api/emqx/setup", SetupAsync).RequireAuthorization(DashboardPolicies.Admin);
        app.MapPost("/api/emqx/selftest", SelfTestAsync).RequireAuthorization(DashboardPolicies.Operator);
    }

    /// <summary>
    /// The setup's choices, from the query string or a JSON body: <c>mode</c> (republish or http), <c>topic</c>,
    /// <c>url</c>, and whether the rule also selects the refused-connection events (<c>refused</c>, default
    /// true) and the authorization checks (<c>authz</c>, default false).
    /// </summary>
    public sealed record SetupChoice(string? Mode, string? Topic, string? Url, bool? Refused = null, bool? Authz = null);

    private static async Task<IResult> GetPlanAsync(HttpContext context, EmqxSetupService setup, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var flagErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var refused = QueryFlag(query, "refused", flagErrors);
        var authz = QueryFlag(query, "authz", flagErrors);
        if (flagErrors.Count > 0)
        {
            return Results.ValidationProblem(flagErrors);
        }

        var (request, errors) = Read(new SetupChoice(query["mode"], query["topic"], query["url"], refused, authz), context, setup.IsWebhookOn);
        if (request is null)
        {
            return Results.ValidationProblem(errors);
        }

        return Results.Ok(await setup.GetPlanForDisplayAsync(request, cancellationToken));
    }

    private static async Task<IResult> SetupAsync(HttpContext context, SetupChoice? choice, EmqxSetupService setup, CancellationToken cancellationToken)
    {
        if (!setup.IsApiOn)
        {
            return ApiProblems.EmqxApiOff();
        }

        var (request, errors) = Read(choice ?? new SetupChoice(null, null, null), context, setup.IsWebhookOn);
        if (request is null)
        {
            return Results.ValidationProblem(errors);
        }

        var result = await setup.ApplyAsync(request, Actor.Of(context.User), cancellationToken);
        return result.Succeeded
            ? Results.Ok(result)
            : Results.Problem(
                statusCode: StatusCodes.Status502BadGateway,
                title: "EMQX refused the setup",
                detail: result.Steps.FirstOrDefault(s => s.Outcome == "failed")?.Message,
                extensions: new Dictionary<string, object?> { ["steps"] = result.Steps });
    }

    private static async Task<IResult> SelfTestAsync(HttpContext context, EmqxSelfTest selfTest, CancellationToken cancellationToken) =>
        await selfTest.TryRunAsync(Actor.Of(context.User), cancellationToken) is { } report
            ? Results.Ok(report)
            : Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Self-tests are running", detail: $"{EmqxSelfTest.MaxConcurrent} self-tests are running already; try again when one has finished (at most {EmqxSelfTest.Timeout.TotalSeconds:0} s).");

    /// <summary>A true/false query value; null when absent, and an error naming it when it is neither.</summary>
    private static bool? QueryFlag(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors[name] = [$"'{name}' is true or false."];
        return null;
    }

    /// <summary>The request, or the errors by field. The URL defaults to this request's own base address.</summary>
    private static (EmqxSetupRequest? Request, Dictionary<string, string[]> Errors) Read(SetupChoice choice, HttpContext context, bool webhookOn)
    {
        EmqxSetupMode? mode = choice.Mode?.ToLowerInvariant() switch
        {
            null or "" or "republish" => EmqxSetupMode.Republish,
            "http" => EmqxSetupMode.Http,
            _ => null,
        };
        if (mode is null)
        {
            return (null, new Dictionary<string, string[]> { ["mode"] = ["The mode is 'republish' or 'http'."] });
        }

        var url = string.IsNullOrWhiteSpace(choice.Url) ? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}" : choice.Url.Trim();
        var request = new EmqxSetupRequest(mode.Value, string.IsNullOrWhiteSpace(choice.Topic) ? EmqxSetupPlanBuilder.DefaultRepublishTopic : choice.Topic.Trim(), url)
        {
            RefusedConnections = choice.Refused ?? true,
            AuthorizationChecks = choice.Authz ?? false,
        };
        var errors = EmqxSetupValidation.Check(request, webhookOn);
        return errors.Count == 0 ? (request, errors) : (null, errors);
    }
}
