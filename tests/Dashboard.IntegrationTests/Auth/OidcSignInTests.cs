using System.Net;
using System.Net.Http.Json;
using Dashboard.Actions;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Integration.Auth;

/// <summary>
/// <c>Auth:Mode=oidc</c> against a real provider (oidc-provider under node): the code flow with
/// PKCE, the provider's roles claim mapped to the dashboard's roles, the no-access page, the
/// audit rows, and sign-out.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private readonly LogCapture _log = new();
    private DashboardApp _app = null!;
    private OidcTestProvider _provider = null!;

    public async Task InitializeAsync()
    {
        var providerPort = FreePort.Next();
        var settings = OidcTestProvider.DashboardSettings(providerPort);
        settings["Mqtt:Enabled"] = "false";
        _app = new DashboardApp(settings) { TestServices = services => services.AddSingleton<ILoggerProvider>(_log) };
        _provider = await OidcTestProvider.StartAsync(providerPort, _app.BaseAddress);
        _app.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Without_sign_in_pages_go_to_the_provider_with_pkce_and_the_api_answers_401()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _app.BaseAddress };

        using var page = await http.GetAsync("/clients");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var location = page.Headers.Location!;
        Assert.Equal(_provider.Authority.GetLeftPart(UriPartial.Authority), location.GetLeftPart(UriPartial.Authority));
        Assert.Equal("/auth", location.AbsolutePath);
        Assert.Contains("client_id=dashboard", location.Query, StringComparison.Ordinal);

        // The provider offers pushed authorization requests, so the handler pushed the request
        // (with its PKCE challenge) over the back channel and the browser carries only a reference.
        // The provider requires PKCE, so every sign-in that passes below also proves it was sent.
        Assert.Contains("request_uri=urn", location.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(OidcTestProvider.ClientSecret, location.ToString(), StringComparison.Ordinal);

        using var api = await http.GetAsync("/api/clients");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        // /login (linked from the app's pages) goes to the provider as well, to come back where asked.
        using var login = await http.GetAsync("/login?returnUrl=%2Freasons");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(_provider.Port, login.Headers.Location!.Port);

        // The token of token mode opens nothing here, and is not logged.
        Assert.DoesNotContain(_log.Lines, l => l.Contains("Sign in at", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_viewer_signs_in_at_the_provider_reads_but_may_not_acknowledge()
    {
        using var browser = new OidcBrowser(_app.BaseAddress);

        using var page = await browser.OpenAsync("/clients", "viewer");

        Assert.True(page.StatusCode == HttpStatusCode.OK, Explain(page, browser));
        Assert.Equal("/clients", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(browser.Visited, u => u.Port == _provider.Port && u.AbsolutePath.StartsWith("/interaction/", StringComparison.Ordinal));
        var session = Assert.Single(browser.Cookies.GetAllCookies(), c => c.Name == ".Dashboard.SignIn");
        Assert.True(session.HttpOnly);
        Assert.Contains(">viewer<", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var api = await browser.Http.GetAsync("/api/clients");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        using var acknowledge = await browser.Http.PostAsJsonAsync("/api/conflicts/f-none/acknowledge", new { note = "on it" });
        Assert.Equal(HttpStatusCode.Forbidden, acknowledge.StatusCode);
        Assert.Equal("application/problem+json", acknowledge.Content.Headers.ContentType?.MediaType);

        var row = Assert.Single(await SignInRowsAsync());
        Assert.Equal(("Vera Viewer", "viewer", "success"), (row.Actor, row.Role, row.Outcome));
        Assert.StartsWith("from 127.0.0.1", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_signs_in_at_the_provider_and_gets_past_the_acknowledge_policy()
    {
        using var browser = new OidcBrowser(_app.BaseAddress);

        using var page = await browser.OpenAsync("/", "operator");

        Assert.True(page.StatusCode == HttpStatusCode.OK, Explain(page, browser));
        Assert.Contains(">operator<", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // No finding has this key: the operator is past the policy, at the 404.
        using var acknowledge = await browser.Http.PostAsJsonAsync("/api/conflicts/f-none/acknowledge", new { note = "on it" });
        Assert.Equal(HttpStatusCode.NotFound, acknowledge.StatusCode);
        using var audit = await browser.Http.GetAsync("/api/audit");
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);

        var row = Assert.Single(await SignInRowsAsync());
        Assert.Equal(("Otto Operator", "operator", "success"), (row.Actor, row.Role, row.Outcome));
    }

    [Fact]
    public async Task A_user_without_a_mapped_value_is_signed_in_with_no_access_and_told_which_claim()
    {
        using var browser = new OidcBrowser(_app.BaseAddress);

        using var page = await browser.OpenAsync("/clients", "outsider");

        // One trip to the provider and back, then a page: no loop of redirects.
        Assert.True(page.StatusCode == HttpStatusCode.Forbidden, Explain(page, browser));
        Assert.Equal(1, browser.Visited.Count(u => u.Port == _app.Port && u.AbsolutePath == "/signin-oidc"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"no-access\"", html, StringComparison.Ordinal);
        Assert.Contains("Olga Outsider", html, StringComparison.Ordinal);
        Assert.Contains("<code>roles</code> claim", html, StringComparison.Ordinal);
        Assert.Contains(OidcTestProvider.ViewerValue, html, StringComparison.Ordinal);
        Assert.Contains(OidcTestProvider.OperatorValue, html, StringComparison.Ordinal);
        Assert.DoesNotContain(OidcTestProvider.ClientSecret, html, StringComparison.Ordinal);

        using var again = await browser.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        using var api = await browser.Http.GetAsync("/api/clients");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        var row = Assert.Single(await SignInRowsAsync());
        Assert.Equal(("Olga Outsider", "none", "no access"), (row.Actor, row.Role, row.Outcome));
        Assert.DoesNotContain(_log.Lines, l => l.Contains(OidcTestProvider.ClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forged_answer_from_the_provider_gets_a_page_and_is_audited_as_a_failure()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _app.BaseAddress };

        using var forged = await http.GetAsync("/signin-oidc?code=made-up&state=made-up");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("Sign-in failed", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(forged.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith(".Dashboard.SignIn=", StringComparison.Ordinal)));
        var row = Assert.Single(await SignInRowsAsync());
        Assert.Equal(("(unknown)", "none", "failure"), (row.Actor, row.Role, row.Outcome));
    }

    [Fact]
    public async Task Logout_ends_the_session_here_and_at_the_provider()
    {
        using var browser = new OidcBrowser(_app.BaseAddress);
        using var page = await browser.OpenAsync("/", "viewer");
        Assert.True(page.StatusCode == HttpStatusCode.OK, Explain(page, browser));

        using var logout = await browser.Http.GetAsync("/logout");

        // To the provider's end_session endpoint; the local cookie is gone already.
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(_provider.Port, logout.Headers.Location!.Port);
        Assert.Contains("/session/end", logout.Headers.Location.AbsolutePath, StringComparison.Ordinal);
        Assert.DoesNotContain(browser.Cookies.GetAllCookies(), c => c.Name == ".Dashboard.SignIn" && !c.Expired);
        using var api = await browser.Http.GetAsync("/api/clients");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    /// <summary>Where the sign-in went and what the app logged, for a failing assertion.</summary>
    private string Explain(HttpResponseMessage page, OidcBrowser browser) =>
        $"{page.StatusCode} after {string.Join(" -> ", browser.Visited)}\n{string.Join('\n', _log.Lines.Where(l => l.Contains("OpenID", StringComparison.Ordinal)))}";

    private async Task<List<Dashboard.Core.Actions.AuditEntry>> SignInRowsAsync()
    {
        var audit = _app.Services.GetRequiredService<AuditLog>();
        var rows = await audit.ReadAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 100, CancellationToken.None);
        return [.. rows.Where(r => r.Action == "sign-in")];
    }
}
