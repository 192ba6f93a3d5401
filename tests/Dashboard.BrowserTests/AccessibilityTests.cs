using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// Accessibility basics in a real browser: axe-core finds no serious or critical violation on any
/// main page in either theme (contrast included), and the keyboard reaches everything that
/// matters, starting with a skip link.
/// </summary>
public sealed class AccessibilityTests(BrowserApp browser) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    public static readonly TheoryData<string, string> PagesAndThemes = new()
    {
        { "/", "light" }, { "/", "dark" },
        { "/clients", "light" }, { "/clients", "dark" },
        { "/clients/a11y-plc-1", "light" }, { "/clients/a11y-plc-1", "dark" },
        { "/reasons", "light" }, { "/reasons", "dark" },
        { "/conflicts", "light" }, { "/conflicts", "dark" },
        { "/diagnostics", "light" }, { "/diagnostics", "dark" },
        { "/audit", "light" }, { "/audit", "dark" },
        { "/wallboard?theme=light", "light" }, { "/wallboard?theme=dark", "dark" },
    };

    public async Task InitializeAsync()
    {
        // Something on every page: an online client, one that left with a reason, a takeover loop.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await browser.ConnectAsync("a11y-plc-1", "10.7.0.1", 56001, now - 60_000);
        await browser.ConnectAsync("a11y-cam-2", "10.7.0.2", 56002, now - 50_000);
        await browser.DisconnectAsync("a11y-cam-2", "10.7.0.2", 56002, now - 50_000, now - 20_000, "keepalive_timeout");
        for (var i = 0; i <= 4; i++)
        {
            if (i > 0)
            {
                await browser.DisconnectAsync("a11y-shared", $"10.7.1.{i % 2}", 56100 + i - 1, now + ((i - 1) * 100), now + (i * 100), "takenover");
            }

            await browser.ConnectAsync("a11y-shared", $"10.7.1.{(i + 1) % 2}", 56100 + i, now + (i * 100));
        }

        await Dashboard.Tests.Integration.Infrastructure.Eventually.HoldsAsync(
            () => browser.App.GetClientsAsync("?q=a11y&state=all"), p => p.Total == 3, "the API lists the three a11y clients");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(PagesAndThemes))]
    public async Task Page_has_no_serious_accessibility_violations(string path, string theme)
    {
        var page = await browser.OpenAsync(path, theme: theme);
        try
        {
            if (!path.StartsWith("/wallboard", StringComparison.Ordinal))
            {
                await Assertions.Expect(page.Locator(".mud-layout")).ToHaveAttributeAsync("data-theme", theme);
            }

            // Charts draw after the circuit starts; let them, so their markup is checked too.
            await Task.Delay(700);
            var violations = await AxeCheck.SeriousViolationsAsync(page);
            Assert.True(violations.Count == 0, $"{path} ({theme}):\n" + string.Join("\n", violations));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_keyboard_reaches_the_skip_link_search_toggle_and_navigation_with_a_visible_focus()
    {
        var page = await browser.OpenAsync("/reasons");
        try
        {
            await FromTheTopAsync(page);
            await page.Keyboard.PressAsync("Tab");
            var skip = page.Locator("[data-testid=skip-link]");
            await Assertions.Expect(skip).ToBeFocusedAsync();
            await Assertions.Expect(skip).ToBeInViewportAsync();

            // Walk the tab order: everything that matters comes up, each with a visible outline.
            var reached = new List<string>();
            for (var i = 0; i < 12; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                var focused = await page.EvaluateAsync<string>(
                    "() => { const e = document.activeElement; const s = getComputedStyle(e);" +
                    " const name = e.getAttribute('aria-label') || e.textContent.trim() || e.getAttribute('placeholder') || e.tagName;" +
                    " return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? '' : 'NO OUTLINE ') + name; }");
                reached.Add(focused);
            }

            var order = string.Join(" | ", reached);
            Assert.True(!order.Contains("NO OUTLINE", StringComparison.Ordinal), order);
            foreach (var expected in new[] { "Toggle navigation", "Go to client ID…", "Toggle dark mode", "Overview", "Clients", "Wallboard" })
            {
                Assert.Contains(expected, reached);
            }

            Assert.True(reached.IndexOf("Go to client ID…") < reached.IndexOf("Overview"), order);

            // The skip link jumps past all of that: the next Tab lands inside the page.
            await FromTheTopAsync(page);
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#main-content")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('main-content').contains(document.activeElement)"));
            Assert.EndsWith("/reasons", page.Url, StringComparison.Ordinal);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// Puts the keyboard's starting point at the top of the document, as for a fresh visitor
    /// (Blazor focuses the page heading after each navigation): a throwaway button before
    /// everything else takes the focus and then goes away.
    /// </summary>
    private static async Task FromTheTopAsync(IPage page) => await page.EvaluateAsync(
        "() => { const b = document.createElement('button'); document.body.prepend(b); b.focus();" +
        " b.addEventListener('blur', () => b.remove(), { once: true }); }");
}
