using Dashboard.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>
/// Sign-in and roles: the schemes (cookie, OpenID Connect, API key, or none), the policies, and where they sit in
/// the pipeline. Which scheme reads a request: <c>none</c> mode answers every request as admin; a
/// request with a key is read by <see cref="ApiKeyHandler"/>; anything else by the cookie.
/// </summary>
internal static class AuthServices
{
    private const string SelectorScheme = "Dashboard";
    private const string CookieName = ".Dashboard.SignIn";

    public static IServiceCollection AddDashboardAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SignInSecrets>();
        services.AddSingleton<SignInLimiter>();
        services.AddHostedService<AuthStartup>();

        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, SelectorScheme, o => o.ForwardDefaultSelector = context =>
                context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.IsNone ? NoSignInHandler.SchemeName
                : ApiKeyHandler.Presents(context.Request) ? ApiKeyHandler.SchemeName
                : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, NoSignInHandler>(NoSignInHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = SignInEndpoints.LoginPath;
                o.LogoutPath = SignInEndpoints.LogoutPath;
                o.ReturnUrlParameter = "returnUrl";
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => AuthProblems.WantsProblem(context.HttpContext) ? AuthProblems.UnauthorizedAsync(context.HttpContext)
                    : IsOidc(context.HttpContext) ? OidcSignIn.ChallengeAsync(context.HttpContext)
                    : RedirectAsync(context);
                o.Events.OnRedirectToAccessDenied = context => AuthProblems.ForbiddenAsync(context.HttpContext);
            })
            .AddDashboardOidc(configuration);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) =>
            {
                cookie.ExpireTimeSpan = auth.Value.SignInLifetime;

                // The provider's redirect back is a cross-site navigation: a Strict cookie set at
                // its end would not be sent with the next page, which would then go back to the
                // provider, round and round. Lax still keeps it off other sites' posts and frames.
                if (auth.Value.IsOidc)
                {
                    cookie.Cookie.SameSite = SameSiteMode.Lax;
                }
            });

        services.AddAuthorization(DashboardPolicies.Add);
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>After routing (the endpoint's policy is known), before antiforgery and the endpoints.</summary>
    public static WebApplication UseDashboardAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseWallboardKeySignIn();
        app.UseAuthorization();
        return app;
    }

    private static bool IsOidc(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.IsOidc;

    private static Task RedirectAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
