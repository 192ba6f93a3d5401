using System.Text.Encodings.Web;
using Dashboard.Live;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>
/// Signs in a request that carries an API key: <c>Authorization: Bearer &lt;key&gt;</c>, or on
/// <c>/hubs/live</c> the <c>access_token</c> query parameter that SignalR clients send over
/// WebSockets (a browser cannot set headers there). Wrong keys count against the caller's
/// sign-in allowance (<see cref="SignInLimiter"/>).
/// </summary>
internal sealed partial class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SignInSecrets secrets,
    SignInLimiter limiter)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string BearerPrefix = "Bearer ";
    private const string BlockedItem = "Dashboard.Auth.Blocked";

    /// <summary>Whether <paramref name="request"/> presents a key, so this scheme rather than the cookie should read it.</summary>
    public static bool Presents(HttpRequest request) => PresentedKey(request) is not null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The webhook has its own secret in the same header, and the sign-in pages need none.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null
            || PresentedKey(Request) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var ip = Context.Connection.RemoteIpAddress;
        if (limiter.IsBlocked(ip, out var retryAfter))
        {
            Context.Items[BlockedItem] = retryAfter;
            return Task.FromResult(AuthenticateResult.Fail("too many wrong keys from this address"));
        }

        if (secrets.FindKey(presented) is not { } key)
        {
            limiter.RecordFailure(ip);
            Log.WrongKey(Logger, ip, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("wrong API key"));
        }

        var user = DashboardUser.Create("key:" + key.Name, key.Role, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(user, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Context.Items[BlockedItem] is TimeSpan retryAfter
            ? AuthProblems.TooManyFailuresAsync(Context, retryAfter)
            : AuthProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized", "The API key is not valid.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.ForbiddenAsync(Context);

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return header[BearerPrefix.Length..].Trim();
        }

        return request.Path.StartsWithSegments(LiveHub.Path, StringComparison.OrdinalIgnoreCase)
            && request.Query["access_token"].ToString() is { Length: > 0 } token
            ? token
            : null;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Wrong API key from {RemoteIp} for {Path}")]
        public static partial void WrongKey(ILogger logger, System.Net.IPAddress? remoteIp, PathString path);
    }
}

/// <summary><c>Auth:Mode=none</c>: every request is the admin on their own machine.</summary>
internal sealed class NoSignInHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "None";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(DashboardUser.Create("local", DashboardRoles.Admin, SchemeName), SchemeName)));
}
