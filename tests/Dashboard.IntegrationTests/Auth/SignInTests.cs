using System.Net;
using System.Text.RegularExpressions;

namespace Dashboard.Tests.Integration.Auth;

/// <summary>Token mode over real HTTP: the logged login URL, the form, wrong tokens, redirects and sign-out.</summary>
public sealed partial class SignInTests : IAsyncLifetime
{
    private AuthApp _auth = null!;

    public Task InitializeAsync()
    {
        _auth = AuthApp.Start(failedSignInsPerMinute: 3);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _auth.DisposeAsync();

    [Fact]
    public async Task Without_sign_in_the_api_answers_401_problem_json_and_pages_redirect_to_login()
    {
        using var http = _auth.Browser(out _);

        using var api = await http.GetAsync("/api/clients");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        using var page = await http.GetAsync("/clients");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fclients", page.Headers.Location?.PathAndQuery);

        using var hub = await http.PostAsync("/hubs/live/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, hub.StatusCode);

        using var login = await http.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("data-testid=\"login-token\"", await login.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_logged_login_url_signs_in_as_admin_with_a_strict_http_only_cookie()
    {
        // Only a random token is logged (a configured one never is): this app has none configured.
        await using var randomToken = AuthApp.Start(settings: new Dictionary<string, string?> { ["Auth:Token"] = string.Empty });
        var url = randomToken.LoginUrl();
        Assert.Equal(randomToken.BaseAddress.Authority, url.Authority);
        Assert.DoesNotContain(AuthApp.Token, url.OriginalString, StringComparison.Ordinal);
        using var http = randomToken.Browser(out var cookies);

        using var signIn = await http.GetAsync(url.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".Dashboard.SignIn=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", setCookie, StringComparison.OrdinalIgnoreCase);

        using var api = await http.GetAsync("/api/clients");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        using var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(">admin<", await page.Content.ReadAsStringAsync());

        using var logout = await http.GetAsync("/logout");
        Assert.Equal("/login", logout.Headers.Location?.OriginalString);
        using var after = await http.GetAsync("/api/clients");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [InlineData("/reasons", "/reasons")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    public async Task After_sign_in_only_a_local_return_url_is_followed(string returnUrl, string expected)
    {
        using var http = _auth.Browser(out _);

        using var signIn = await http.GetAsync($"/login?t={AuthApp.Token}&returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(expected, signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_form_signs_in_with_its_antiforgery_token_and_refuses_a_post_without_it()
    {
        using var http = _auth.Browser(out _);
        using var form = await http.GetAsync("/login");
        var html = await form.Content.ReadAsStringAsync();
        var antiforgery = AntiforgeryField().Match(html);
        Assert.True(antiforgery.Success, html);

        using var forged = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = AuthApp.Token }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var posted = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [WebUtility.HtmlDecode(antiforgery.Groups[1].Value)] = WebUtility.HtmlDecode(antiforgery.Groups[2].Value),
            ["token"] = AuthApp.Token,
            ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        using var api = await http.GetAsync("/api/clients");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task A_wrong_token_fails_clearly_and_too_many_block_even_the_right_one_for_a_while()
    {
        using var http = _auth.Browser(out _);

        for (var i = 0; i < 3; i++)
        {
            using var wrong = await http.GetAsync("/login?t=not-the-token-not-the-token-not-the-token");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("That token is not right", await wrong.Content.ReadAsStringAsync());
            Assert.Null(wrong.Headers.Location);
        }

        using var blocked = await http.GetAsync($"/login?t={AuthApp.Token}");
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.InRange(blocked.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        // API keys count against the same allowance.
        using var key = _auth.WithKey(AuthApp.ViewerKey);
        using var keyBlocked = await key.GetAsync("/api/clients");
        Assert.Equal(HttpStatusCode.TooManyRequests, keyBlocked.StatusCode);
        Assert.Equal("application/problem+json", keyBlocked.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("name=\"([^\"]*RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
