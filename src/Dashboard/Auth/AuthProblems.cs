using System.Globalization;
using Dashboard.Api;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>
/// The answers to a request that is not signed in or not allowed: problem+json for the API, the
/// hubs and the Blazor circuit (callers that read JSON), a short page for a browser's page request.
/// </summary>
internal static class AuthProblems
{
    /// <summary>Requests answered with problem+json rather than a page or a redirect (scrapers included).</summary>
    public static bool WantsProblem(HttpContext context) =>
        ApiProblems.IsApi(context)
        || context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments(Metrics.MetricsServices.Path, StringComparison.OrdinalIgnoreCase);

    public static Task WriteAsync(HttpContext context, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);

    public static Task UnauthorizedAsync(HttpContext context) => WriteAsync(
        context,
        StatusCodes.Status401Unauthorized,
        "Unauthorized",
        "Sign in at /login, or send an API key as 'Authorization: Bearer <key>'.");

    public static Task ForbiddenAsync(HttpContext context)
    {
        const string Detail = "This sign-in's role may not use this.";
        var settings = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (!WantsProblem(context) && settings.IsOidc && DashboardUser.RoleOf(context.User) is null)
        {
            return LoginPage.WriteNoAccessAsync(context, OidcRoles.NameOf(context.User), settings.Oidc);
        }

        return WantsProblem(context)
            ? WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", Detail)
            : LoginPage.WriteMessageAsync(context, StatusCodes.Status403Forbidden, "Not allowed", Detail);
    }

    public static Task TooManyFailuresAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = $"Too many wrong tokens or keys came from this address; try again in {seconds} s.";
        return WantsProblem(context)
            ? WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many failed sign-ins", detail)
            : LoginPage.WriteMessageAsync(context, StatusCodes.Status429TooManyRequests, "Too many failed sign-ins", detail);
    }
}
