using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Integration.Auth;

/// <summary>
/// The real app in token mode with one API key of each role, no event source, and its log
/// captured. Clients do not follow redirects, so tests see each step of a sign-in.
/// </summary>
public sealed partial class AuthApp : IAsyncDisposable
{
    public const string Token = "token-for-tests-0123456789-abcdefghij";
    public const string ViewerKey = "viewer-key-for-tests-0123456789-abcdef";
    public const string OperatorKey = "operator-key-for-tests-0123456789-abcd";
    public const string AdminKey = "admin-key-for-tests-0123456789-abcdefgh";
    public const string WallboardKey = "wallboard-key-for-tests-0123456789-abc";

    public static readonly string[] Secrets = [Token, ViewerKey, OperatorKey, AdminKey, WallboardKey];

    private AuthApp(DashboardApp app, LogCapture log)
    {
        App = app;
        Log = log;
    }

    public DashboardApp App { get; }

    public LogCapture Log { get; }

    public Uri BaseAddress => App.BaseAddress;

    /// <param name="settings">More settings over the ones below (EMQX's REST API, say).</param>
    public static AuthApp Start(int failedSignInsPerMinute = 1000, IDictionary<string, string?>? settings = null)
    {
        var log = new LogCapture();
        var all = new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Auth:Mode"] = "token",
            ["Auth:Token"] = Token,
            ["Auth:FailedSignInsPerMinute"] = failedSignInsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Auth:ApiKeys:scripts:Key"] = ViewerKey,
            ["Auth:ApiKeys:scripts:Role"] = "viewer",
            ["Auth:ApiKeys:ops:Key"] = OperatorKey,
            ["Auth:ApiKeys:ops:Role"] = "operator",
            ["Auth:ApiKeys:root:Key"] = AdminKey,
            ["Auth:ApiKeys:root:Role"] = "admin",
            ["Auth:ApiKeys:noc:Key"] = WallboardKey,
            ["Auth:ApiKeys:noc:Role"] = "wallboard",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new DashboardApp(all)
        {
            TestServices = services => services.AddSingleton<ILoggerProvider>(log),
        };
        app.StartServer();
        return new AuthApp(app, log);
    }

    /// <summary>A client with its own cookies that does not follow redirects.</summary>
    public HttpClient Browser(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
    }

    /// <summary>A client that sends <paramref name="key"/> as a bearer token.</summary>
    public HttpClient WithKey(string key)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    /// <summary>
    /// The login URL from the one log line that carries it: only an app with a random token (started
    /// with <c>Auth:Token</c> empty) logs it; the configured <see cref="Token"/> is never logged.
    /// </summary>
    public Uri LoginUrl()
    {
        var lines = Log.Lines.Where(l => l.Contains("Sign in at", StringComparison.Ordinal)).ToArray();
        var line = Assert.Single(lines);
        return new Uri(LoginUrlPattern().Match(line).Value);
    }

    /// <summary>The login URL with the configured <see cref="Token"/>, as its operator would type it.</summary>
    public Uri ConfiguredLoginUrl() => new(BaseAddress, "/login?t=" + Uri.EscapeDataString(Token));

    public ValueTask DisposeAsync() => App.DisposeAsync();

    [GeneratedRegex(@"https?://\S+/login\?t=\S+")]
    private static partial Regex LoginUrlPattern();
}
