using Dashboard.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Dashboard.Auth;

/// <summary>
/// <c>Auth:Mode=oidc</c>: the authorization code flow with PKCE against the company's provider. The
/// provider's claims are read once, at sign-in, into the dashboard's own name and role
/// (<see cref="OidcRoles"/>); the cookie then carries only those, so every policy works unchanged.
/// </summary>
internal static partial class OidcSignIn
{
    public const string Scheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>The redirect URI to register with the provider (under the app's address).</summary>
    public const string CallbackPath = "/signin-oidc";

    /// <summary>The post-logout redirect URI to register, when the provider supports end_session.</summary>
    public const string SignedOutCallbackPath = "/signout-callback-oidc";

    /// <summary>
    /// Adds the scheme only in oidc mode: a remote scheme is asked about every request's path, and
    /// without an authority its options could not even be built.
    /// </summary>
    public static AuthenticationBuilder AddDashboardOidc(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        // Only the mode is read here: the whole section is bound and validated (naming any bad key) at start.
        if (!new AuthOptions { Mode = configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.Mode)}"] ?? AuthModes.Token }.IsOidc)
        {
            return auth;
        }

        auth.AddOpenIdConnect(Scheme, _ => { });
        auth.Services.AddOptions<OpenIdConnectOptions>(Scheme)
            .Configure<IOptions<AuthOptions>>((o, settings) => Configure(o, settings.Value.Oidc));
        return auth;
    }

    /// <summary>Sends a page request that is not signed in to the provider, to come back to the same page.</summary>
    public static Task ChallengeAsync(HttpContext context)
    {
        var here = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        return ChallengeAsync(context, here.ToString());
    }

    public static Task ChallengeAsync(HttpContext context, string returnUrl) =>
        context.ChallengeAsync(Scheme, new AuthenticationProperties { RedirectUri = SignInEndpoints.IsLocalPath(returnUrl) ? returnUrl : "/" });

    /// <summary>Signs out at the provider too when it offers end_session; false when it does not.</summary>
    public static async Task<bool> TrySignOutAtProviderAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(Scheme);
        if (options.ConfigurationManager is null)
        {
            return false;
        }

        var configuration = await options.ConfigurationManager.GetConfigurationAsync(context.RequestAborted);
        if (string.IsNullOrEmpty(configuration.EndSessionEndpoint))
        {
            return false;
        }

        await context.SignOutAsync(Scheme, new AuthenticationProperties { RedirectUri = "/" });
        return true;
    }

    private static void Configure(OpenIdConnectOptions o, OidcOptions settings)
    {
        var authority = settings.Authority!.Trim();
        o.Authority = authority;
        o.RequireHttpsMetadata = authority.StartsWith(Uri.UriSchemeHttps + "://", StringComparison.OrdinalIgnoreCase);
        o.ClientId = settings.ClientId?.Trim();
        o.ClientSecret = settings.ClientSecret?.Trim();
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;

        // The code comes back in the query of a top-level GET, so the correlation and nonce cookies
        // can be Lax (form_post would need SameSite=None), and like the sign-in cookie they are
        // Secure under HTTPS (None would have needed Secure always, even on a loopback test).
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        foreach (var cookie in (CookieBuilder[])[o.CorrelationCookie, o.NonceCookie])
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }

        o.CallbackPath = CallbackPath;
        o.SignedOutCallbackPath = SignedOutCallbackPath;
        o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;

        // Claim names as the provider sends them ("roles", "groups", "preferred_username"), read
        // from the ID token and the userinfo endpoint alike.
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = true;
        o.ClaimActions.MapJsonKey(settings.RoleClaim.Trim(), settings.RoleClaim.Trim());
        o.ClaimActions.MapUniqueJsonKey("preferred_username", "preferred_username");

        // The ID token is kept for the end_session request's id_token_hint.
        o.SaveTokens = true;
        o.Events.OnTicketReceived = MapRolesAsync;
        o.Events.OnRemoteFailure = FailedAsync;
    }

    private static async Task MapRolesAsync(TicketReceivedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var settings = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var provided = context.Principal!;
        var name = OidcRoles.NameOf(provided);
        var role = OidcRoles.RoleOf(provided, settings.Oidc);

        // Signed in even without a role: the policies then refuse every page with the no-access
        // page (AuthProblems), where a challenge would send the user round to the provider forever.
        context.Principal = DashboardUser.Create(name, role, CookieAuthenticationDefaults.AuthenticationScheme);
        context.Properties!.IsPersistent = true;
        context.Properties.ExpiresUtc = services.GetRequiredService<TimeProvider>().GetUtcNow() + settings.SignInLifetime;
        context.Properties.AllowRefresh = true;
        await SignInEndpoints.AuditSignInAsync(context.HttpContext, name, role ?? "none", role is null ? "no access" : "success");
    }

    private static async Task FailedAsync(RemoteFailureContext context)
    {
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILogger<OidcOptions>>();
        Log.Failed(logger, context.Failure?.GetType().Name ?? "unknown", context.Failure?.Message ?? string.Empty);
        context.HandleResponse();
        await SignInEndpoints.AuditSignInAsync(context.HttpContext, "(unknown)", "none", "failure");
        await LoginPage.WriteMessageAsync(
            context.HttpContext,
            StatusCodes.Status400BadRequest,
            "Sign-in failed",
            "The sign-in provider's answer could not be used (it may have been cancelled or have expired). Sign in again.");
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "OpenID Connect sign-in failed: {Kind}: {Reason}")]
        public static partial void Failed(ILogger logger, string kind, string reason);
    }
}
