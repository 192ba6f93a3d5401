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

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
