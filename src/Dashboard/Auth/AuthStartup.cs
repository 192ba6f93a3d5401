using System.Net;
using Dashboard.Hosting;
using Dashboard.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>
/// Once the server listens (its real addresses known): refuses <c>Auth:Mode=none</c> unless every
/// address is loopback, and in token mode logs the login URL (in oidc mode the provider signs people in).
/// </summary>
internal sealed partial class AuthStartup(IServer server, IOptions<AuthOptions> options, SignInSecrets secrets, ILogger<AuthStartup> logger)
    : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        if (options.Value.IsNone)
        {
            var exposed = addresses.Where(a => !IsLoopback(a)).ToArray();
            if (exposed.Length > 0)
            {
                throw new StartupException(
                    $"Auth:Mode=none needs every address to be loopback, but the app listens on {string.Join(", ", exposed)}. " +
                    "Listen on 127.0.0.1 or localhost only (--urls http://127.0.0.1:5000), or remove Auth:Mode to sign in with a token.");
            }

            Log.NoSignIn(logger);
            return Task.CompletedTask;
        }

        if (options.Value.IsOidc)
        {
            // The provider signs people in; the token is not accepted, so it is not logged.
            return Task.CompletedTask;
        }

        if (addresses.FirstOrDefault() is { } address && logger.IsEnabled(LogLevel.Information))
        {
            var loginPage = $"{Browsable(address)}{SignInEndpoints.LoginPath}";
            if (!string.IsNullOrWhiteSpace(options.Value.Token))
            {
                // The operator chose the token and knows it: it never goes to a log.
                Log.LoginWithConfiguredToken(logger, loginPage);
                return Task.CompletedTask;
            }

            // A random token is meant to reach this one log line, as a ready URL for whoever
            // started the app (it has no other outlet); it is written nowhere else.
            var loginUrl = $"{loginPage}?t={Uri.EscapeDataString(secrets.Token)}";
            Log.LoginUrl(logger, loginUrl);
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether an address as the server reports it (http://127.0.0.1:5000, http://[::]:80, http://localhost:5000) is loopback.</summary>
    internal static bool IsLoopback(string address)
    {
        var host = HostOf(address);
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>An address a browser can open: a wildcard host becomes localhost.</summary>
    private static string Browsable(string address)
    {
        foreach (var wildcard in (string[])["://0.0.0.0", "://[::]", "://*", "://+"])
        {
            address = address.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }

        return address.TrimEnd('/');
    }

    private static string HostOf(string address)
    {
        var start = address.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? address : address[(start + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? authority : authority[1..close];
        }

        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Sign in at {LoginUrl}")]
        public static partial void LoginUrl(ILogger logger, string loginUrl);

        [LoggerMessage(Level = LogLevel.Information, Message = "Sign in at {LoginUrl} with the configured Auth:Token")]
        public static partial void LoginWithConfiguredToken(ILogger logger, string loginUrl);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Auth:Mode is none: every request acts as admin (loopback only)")]
        public static partial void NoSignIn(ILogger logger);
    }
}
