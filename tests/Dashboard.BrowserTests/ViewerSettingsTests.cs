using System.Globalization;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>What one browser chooses or tells the dashboard: its theme, remembered; its time zone, used.</summary>
public sealed class ViewerSettingsTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    // DashboardTheme's page backgrounds, as the browser computes them.
    private const string DarkBackground = "rgb(18, 26, 34)";
    private const string LightBackground = "rgb(244, 246, 248)";

    [Fact]
    public async Task The_chosen_theme_is_remembered_across_a_reload_and_prerendered()
    {
        var page = await browser.OpenAsync("/");
        try
        {
            var layout = page.Locator(".mud-layout");
            await Assertions.Expect(layout).ToHaveAttributeAsync("data-theme", "light");
            Assert.Equal(LightBackground, await BackgroundAsync(page));

            await page.Locator("[data-testid=dark-mode-toggle]").ClickAsync();
            await Assertions.Expect(layout).ToHaveAttributeAsync("data-theme", "dark");

            // The page turns dark before the choice's cookie is written (a second round trip): reload once it is.
            await Eventually.HoldsAsync(
                () => page.Context.CookiesAsync(),
                cookies => cookies.Any(c => c.Name == ViewerSettings.ThemeCookie && c.Value == ViewerSettings.ThemeValue(true)),
                "the dark theme's cookie is written",
                TimeSpan.FromSeconds(15));
            await page.ReloadAsync();
            await Assertions.Expect(layout).ToHaveAttributeAsync("data-theme", "dark");
            Assert.Equal(DarkBackground, await BackgroundAsync(page));

            // The server's own HTML is already dark: no flash of the light theme before the circuit starts.
            var html = await (await page.Context.APIRequest.GetAsync("/clients")).TextAsync();
            Assert.Contains("data-theme=\"dark\"", html, StringComparison.Ordinal);

            // Another browser (its own cookies) still starts in its own default.
            var other = await browser.OpenAsync("/");
            try
            {
                await Assertions.Expect(other.Locator(".mud-layout")).ToHaveAttributeAsync("data-theme", "light");
            }
            finally
            {
                await other.Context.CloseAsync();
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_browser_in_tokyo_sees_the_drill_down_in_tokyo_time_with_utc_on_hover()
    {
        // Whole seconds, so the expected text does not depend on rounding.
        var connectedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 90);
        await browser.ConnectAsync("tz-plc-1", "10.5.0.1", 54001, connectedAt.ToUnixTimeMilliseconds());
        await Dashboard.Tests.Integration.Infrastructure.Eventually.HoldsAsync(
            () => browser.App.GetClientsAsync("?q=tz-plc-1"), p => p.Total == 1, "the API lists tz-plc-1");
        var tokyo = connectedAt.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var utc = connectedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        var page = await browser.OpenAsync("/clients/tz-plc-1", timeZone: "Asia/Tokyo");
        try
        {
            // The first visit learns the zone once the circuit is up, and redraws in it.
            var since = page.Locator("[data-testid=status-since-local]");
            await Assertions.Expect(since).ToHaveTextAsync(tokyo);
            await Assertions.Expect(since).ToHaveAttributeAsync("title", utc);
            await Assertions.Expect(page.Locator("[data-testid=status-since]")).ToHaveAttributeAsync("title", $"{tokyo} Asia/Tokyo · {utc}");
            await Assertions.Expect(page.Locator("[data-testid=event-local-time]").First).ToHaveTextAsync(tokyo);

            // From then on the server renders Tokyo time from the first byte.
            var html = await (await page.Context.APIRequest.GetAsync("/clients/tz-plc-1")).TextAsync();
            Assert.Contains(tokyo, html, StringComparison.Ordinal);
            await BrowserApp.ScreenshotAsync(page, "drill-down-tokyo");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
