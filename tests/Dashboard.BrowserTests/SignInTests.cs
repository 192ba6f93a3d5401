using System.Text.RegularExpressions;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// Token mode in a real Chromium: the login URL with the configured token signs in, the sign-in lasts
/// across a reload, a wrong token fails on the page, the form works, and signing out signs out.
/// Its own app (token mode; the shared fixture runs without sign-in) and no event source.
/// </summary>
public sealed class SignInTests : IAsyncLifetime
{
    private const string Token = "browser-token-for-tests-0123456789-abc";
    private readonly LogCapture _log = new();
    private readonly string _home = Directory.CreateTempSubdirectory("chromium-home-").FullName;
    private DashboardApp _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Auth:Mode"] = "token",
            ["Auth:Token"] = Token,
        })
        {
            TestServices = services => services.AddSingleton<ILoggerProvider>(_log),
        };
        _app.StartServer();
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserApp.LaunchChromiumAsync(_playwright, _home);
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public async Task The_login_url_with_the_configured_token_signs_in_the_sign_in_survives_a_reload_and_sign_out_ends_it()
    {
        // A configured token is never logged: the line names the page, and the operator adds the token.
        var line = Assert.Single(_log.Lines, l => l.Contains("Sign in at", StringComparison.Ordinal));
        Assert.Contains("/login with the configured Auth:Token", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, line, StringComparison.Ordinal);
        var loginUrl = $"{_app.BaseAddress}login?t={Token}";
        var page = await NewPageAsync();

        await page.GotoAsync(loginUrl);

        await Assertions.Expect(page).ToHaveURLAsync(_app.BaseAddress + string.Empty);
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("admin");
        await page.ReloadAsync();
        await Assertions.Expect(page).ToHaveURLAsync(_app.BaseAddress + string.Empty);
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("admin");
        await page.GotoAsync("/clients");
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(_app.BaseAddress, "/clients").ToString());

        await page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await page.GotoAsync("/clients");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fclients$"));
    }

    [Fact]
    public async Task A_wrong_token_fails_on_the_page_and_the_pasted_token_signs_in_to_where_the_user_was_going()
    {
        var page = await NewPageAsync();

        var wrong = await page.GotoAsync("/login?t=not-the-token-not-the-token-not-the-token");
        Assert.Equal(401, wrong?.Status);
        await Assertions.Expect(page.GetByTestId("login-error")).ToContainTextAsync("That token is not right");
        await page.GotoAsync("/reasons");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Freasons$"));

        await page.GetByTestId("login-token").FillAsync(Token);
        await page.GetByTestId("login-submit").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(_app.BaseAddress, "/reasons").ToString());
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("admin");
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new() { BaseURL = _app.BaseAddress.ToString() });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }
}
