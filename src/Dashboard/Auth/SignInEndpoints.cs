using Dashboard.Actions;
using Dashboard.Core.Actions;
using Dashboard.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>
/// <c>/login</c> (the logged URL's <c>?t=</c>, or the form), <c>/logout</c>, and the wallboard's
/// <c>/wallboard?key=</c>. A right token signs the browser in as admin with a cookie; a wrong one
/// counts against the address's allowance (<see cref="SignInLimiter"/>).
/// </summary>
internal static partial class SignInEndpoints
{
    public const string LoginPath = "/login";
    public const string LogoutPath = "/logout";
    public const string WallboardPath = "/wallboard";

    /// <summary>The audit log's action for a sign-in with the token or a wallboard key.</summary>
    public const string SignInAction = "sign-in";

    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, (HttpContext context, [FromQuery(Name = "t")] string? token, string? returnUrl) =>
            IsOidc(context) ? ToProviderAsync(context, returnUrl)
            : token is null ? ShowFormAsync(context, returnUrl)
            : SignInAsync(context, token, returnUrl)).AllowAnonymous();

        // Form binding turns antiforgery validation on: a post without the form's token is refused.
        app.MapPost(LoginPath, (HttpContext context, [FromForm] string? token, [FromForm] string? returnUrl) =>
            IsOidc(context) ? ToProviderAsync(context, returnUrl) : SignInAsync(context, token ?? string.Empty, returnUrl)).AllowAnonymous();

        // A GET is enough: the cookie is SameSite=Strict, so another site cannot sign a user out
        // (in oidc mode it is Lax: a link on another site could, which costs one sign-in, nothing more).
        app.MapGet(LogoutPath, async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (!IsOidc(context))
            {
                return Results.Redirect(LoginPath);
            }

            // Signed out here; at the provider too when it can, or the next page would sign the
            // user straight back in.
            if (!await OidcSignIn.TrySignOutAtProviderAsync(context))
            {
                await LoginPage.WriteMessageAsync(context, StatusCodes.Status200OK, "Signed out", "You are signed out of the dashboard.");
            }

            return Results.Empty;
        }).AllowAnonymous();
    }

    /// <summary>Audits a sign-in (or an attempt) by <paramref name="actor"/> with its address; never a secret.</summary>
    public static Task AuditSignInAsync(HttpContext context, string actor, string role, string outcome)
    {
        var audit = context.RequestServices.GetRequiredService<AuditLog>();
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var from = context.Connection.RemoteIpAddress?.ToString() ?? "unknown address";
        return audit.RecordAsync(
            new AuditEntry(time.GetUtcNow(), actor, role, SignInAction, context.Request.Path.ToString(), outcome, $"from {from}"),
            context.RequestAborted);
    }

    private static bool IsOidc(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.IsOidc;

    private static async Task<IResult> ToProviderAsync(HttpContext context, string? returnUrl)
    {
        await OidcSignIn.ChallengeAsync(context, returnUrl ?? "/");
        return Results.Empty;
    }

    /// <summary>
    /// Turns <c>/wallboard?key=&lt;wallboard key&gt;</c> into a long-lived cookie for the wallboard
    /// alone, then reloads the wallboard without the key in the address bar.
    /// </summary>
    public static IApplicationBuilder UseWallboardKeySignIn(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.Equals(WallboardPath, StringComparison.OrdinalIgnoreCase)
            || context.Request.Query["key"].ToString() is not { Length: > 0 } presented
            || context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.IsNone)
        {
            await next(context);
            return;
        }

        var secrets = context.RequestServices.GetRequiredService<SignInSecrets>();
        var accepted = await CheckAsync(context, "wallboard key", DashboardRoles.Wallboard, () => secrets.FindKey(presented) is { Role: DashboardRoles.Wallboard });
        if (accepted is null)
        {
            return;
        }

        if (accepted == false)
        {
            await LoginPage.WriteMessageAsync(context, StatusCodes.Status401Unauthorized, "Wrong wallboard key", "The key in the address is not a wallboard key of this dashboard.");
            return;
        }

        var lifetime = TimeSpan.FromDays(365);
        await SignInCookieAsync(context, "wallboard", DashboardRoles.Wallboard, lifetime);
        var query = QueryString.Create(context.Request.Query.Where(p => !p.Key.Equals("key", StringComparison.OrdinalIgnoreCase)));
        context.Response.Redirect(WallboardPath + query.ToUriComponent());
    });

    /// <summary>Only a path of this app: "/x", never "//host" or "/\host", which browsers read as another site.</summary>
    public static bool IsLocalPath(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    private static async Task<IResult> ShowFormAsync(HttpContext context, string? returnUrl)
    {
        if (context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.IsNone)
        {
            return Results.Redirect("/");
        }

        await LoginPage.WriteFormAsync(context, StatusCodes.Status200OK, null, returnUrl);
        return Results.Empty;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, string token, string? returnUrl)
    {
        var target = IsLocalPath(returnUrl) ? returnUrl! : "/";
        var settings = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (settings.IsNone)
        {
            return Results.Redirect(target);
        }

        var secrets = context.RequestServices.GetRequiredService<SignInSecrets>();
        var accepted = await CheckAsync(context, "token", DashboardRoles.Admin, () => secrets.IsToken(token));
        if (accepted is null)
        {
            return Results.Empty;
        }

        if (accepted == false)
        {
            await LoginPage.WriteFormAsync(context, StatusCodes.Status401Unauthorized, "That token is not right. Copy the login URL from the dashboard's log again.", target);
            return Results.Empty;
        }

        await SignInCookieAsync(context, "token", DashboardRoles.Admin, settings.SignInLifetime);
        return Results.Redirect(target);
    }

    /// <summary>
    /// Runs <paramref name="isRight"/> unless the address is blocked; logs, audits and counts a wrong
    /// secret. Null when the answer (429) has been written: blocked attempts are not audited, so a
    /// guesser cannot fill the audit log (the limiter bounds the failures that are).
    /// </summary>
    private static async Task<bool?> CheckAsync(HttpContext context, string actor, string role, Func<bool> isRight)
    {
        var limiter = context.RequestServices.GetRequiredService<SignInLimiter>();
        var logger = context.RequestServices.GetRequiredService<ILogger<SignInLimiter>>();
        var ip = context.Connection.RemoteIpAddress;
        if (limiter.IsBlocked(ip, out var retryAfter))
        {
            await AuthProblems.TooManyFailuresAsync(context, retryAfter);
            return null;
        }

        var right = isRight();
        if (right)
        {
            Log.SignedIn(logger, ip, context.Request.Path);
        }
        else
        {
            limiter.RecordFailure(ip);
            Log.WrongSecret(logger, ip, context.Request.Path);
        }

        // Who signed in (or tried) and from where; never the secret that was presented.
        await AuditSignInAsync(context, right ? actor : "(wrong secret)", right ? role : "none", right ? "success" : "failure");
        return right;
    }

    private static Task SignInCookieAsync(HttpContext context, string name, string role, TimeSpan lifetime) =>
        context.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            DashboardUser.Create(name, role, CookieAuthenticationDefaults.AuthenticationScheme),
            new AuthenticationProperties
            {
                // Persistent, so the sign-in outlives the browser window (a wallboard's TV restarts).
                IsPersistent = true,
                ExpiresUtc = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() + lifetime,
                AllowRefresh = true,
            });

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Signed in from {RemoteIp} at {Path}")]
        public static partial void SignedIn(ILogger logger, System.Net.IPAddress? remoteIp, PathString path);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Wrong sign-in token or key from {RemoteIp} at {Path}")]
        public static partial void WrongSecret(ILogger logger, System.Net.IPAddress? remoteIp, PathString path);
    }
}
