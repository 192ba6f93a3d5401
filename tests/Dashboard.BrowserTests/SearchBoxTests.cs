using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>The app bar's "go to client ID" box, by keyboard and by mouse, from pages other than Clients.</summary>
public sealed class SearchBoxTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private const string Awkward = "hall/7 Tür%2F東";

    [Fact]
    public async Task Typing_part_of_an_id_then_arrow_and_enter_or_a_click_opens_its_drill_down()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await browser.ConnectAsync(Awkward, "10.6.0.1", 55001, now);
        await browser.ConnectAsync("hall-8", "10.6.0.2", 55002, now + 10);
        await Dashboard.Tests.Integration.Infrastructure.Eventually.HoldsAsync(
            () => browser.App.GetClientsAsync("?q=hall"), p => p.Total == 2, "the API lists both hall clients");

        var page = await browser.OpenAsync("/reasons");
        try
        {
            var input = await SearchBoxAsync(page);
            await input.FillAsync("HALL");
            var options = page.GetByRole(AriaRole.Option);
            await Assertions.Expect(options).ToHaveTextAsync(["hall-8", Awkward], new() { Timeout = 15_000 });

            await input.PressAsync("ArrowDown");
            await input.PressAsync("ArrowDown");
            await Assertions.Expect(options.Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
            await input.PressAsync("Enter");
            await ExpectPathAsync(page, "/clients/hall%2F7%20T%C3%BCr%252F%E6%9D%B1");
            await Assertions.Expect(page.Locator("[data-testid=detail-client-id]")).ToHaveTextAsync(Awkward);

            // By mouse, from the drill-down itself.
            input = await SearchBoxAsync(page);
            await input.FillAsync("hall-");
            await options.First.ClickAsync();
            await ExpectPathAsync(page, "/clients/hall-8");
            await Assertions.Expect(page.Locator("[data-testid=detail-client-id]")).ToHaveTextAsync("hall-8");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Enter_on_an_id_nobody_has_lists_the_search_and_offers_the_history()
    {
        var page = await browser.OpenAsync("/diagnostics");
        try
        {
            var input = await SearchBoxAsync(page);
            await input.FillAsync("ghost device");
            await input.PressAsync("Enter");

            await ExpectPathAsync(page, "/clients?q=ghost%20device&state=all");
            await Assertions.Expect(page.Locator("[data-testid=no-clients]")).ToContainTextAsync("No client matches \"ghost device\"");
            await page.Locator("[data-testid=no-clients-history]").ClickAsync();
            await ExpectPathAsync(page, "/clients/ghost%20device");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// The search box, once the page has settled: after a navigation Blazor moves the focus to the
    /// page's heading, and typing before that would lose the focus (and the list) mid-word.
    /// </summary>
    private static async Task<ILocator> SearchBoxAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("h1").First).ToBeFocusedAsync(new() { Timeout = 15_000 });
        return page.GetByRole(AriaRole.Combobox, new() { Name = "Go to client ID" });
    }

    /// <summary>
    /// Waits for the address bar to read exactly this path and query (still escaped). Blazor
    /// navigates within the document, so this polls the URL rather than waiting for a load; a
    /// regular expression, because Playwright reads a plain string as a glob ('?' is a wildcard).
    /// </summary>
    private Task ExpectPathAsync(IPage page, string pathAndQuery) =>
        Assertions.Expect(page).ToHaveURLAsync(
            new Regex("^" + Regex.Escape(browser.BaseAddress.GetLeftPart(UriPartial.Authority) + pathAndQuery) + "$"), new() { Timeout = 15_000 });

    [Fact]
    public async Task The_wallboard_has_no_search_box()
    {
        var page = await browser.OpenAsync("/wallboard");
        try
        {
            await Assertions.Expect(page.Locator("[data-testid=wallboard]")).ToBeVisibleAsync();
            Assert.Equal(0, await page.Locator("input, [role=search]").CountAsync());
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
