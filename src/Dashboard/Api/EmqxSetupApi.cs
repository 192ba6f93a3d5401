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

    /// <summary>The setup's choices, from the query string or a JSON body: <c>mode</c> (republish or http), <c>topic</c>, <c>url</c>.</summary>
    public sealed record SetupChoice(string? Mode, string? Topic, string? Url);

    private static async Task<IResult> GetPlanAsync(HttpContext context, EmqxSetupService setup, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var (request, errors) = Read(new SetupChoice(query["mode"], query["topic"], query["url"]), context, setup.IsWebhookOn);
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
        var request = new EmqxSetupRequest(mode.Value, string.IsNullOrWhiteSpace(choice.Topic) ? EmqxSetupPlanBuilder.DefaultRepublishTopic : choice.Topic.Trim(), url);
        var errors = EmqxSetupValidation.Check(request, webhookOn);
        return errors.Count == 0 ? (request, errors) : (null, errors);
    }
}
