using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// The wallboard's findings list with more findings than fit: read from across a room, it shows
/// whole rows only, never one cut through the middle at the panel's bottom, at TV and laptop sizes.
/// </summary>
public sealed class WallboardListTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    // More than the panel lists (WallboardView.TopCount), so the list is always fuller than the panel.
    private const int Conflicts = 14;

    /// <summary>Each row's top, bottom and height, with the panel's top and bottom, measured in the page (CSS pixels).</summary>
    private const string MeasureScript = """
        () => {
            const panel = document.querySelector('[data-testid=panel-conflicts]').getBoundingClientRect();
            const rows = [...document.querySelectorAll('[data-testid=wb-incident], [data-testid=wb-finding]')];
            return rows.map(row => {
                const box = row.getBoundingClientRect();
                return [box.top, box.bottom, box.height, panel.top, panel.bottom];
            });
        }
        """;

    [Fact]
    public async Task With_many_findings_every_row_shown_lies_wholly_inside_the_panel_at_two_screen_sizes()
    {
        await SeedConflictsAsync();

        foreach (var (width, height) in new[] { (1920, 1080), (1280, 720) })
        {
            var page = await browser.OpenAsync("/wallboard", width, height);
            try
            {
                await Assertions.Expect(page.Locator("[data-testid=wb-findings-count]")).ToHaveTextAsync(
                    Conflicts.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
                await BrowserApp.ScreenshotAsync(page, $"wallboard-findings-{width}x{height}");

                var rows = (await page.EvaluateAsync<double[][]>(MeasureScript)).Select(b => new RowBox(b[0], b[1], b[2], b[3], b[4])).ToArray();
                // Drawn: a row with a height whose top is above the panel's bottom (below it, the panel clips it away).
                var drawn = rows.Where(r => r.Height > 0.5 && r.Top < r.PanelBottom).ToArray();
                Assert.True(drawn.Length > 0, $"{width}x{height}: no finding row is shown at all.");
                Assert.True(drawn.Length < rows.Length, $"{width}x{height}: all {rows.Length} rows are shown; the test needs more than fit.");
                foreach (var row in drawn)
                {
                    Assert.True(
                        row.Top >= row.PanelTop - 0.5 && row.Bottom <= row.PanelBottom + 0.5,
                        $"{width}x{height}: a row spans {row.Top:F1}..{row.Bottom:F1} px, outside the panel's {row.PanelTop:F1}..{row.PanelBottom:F1} px: it is cut.");
                }
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }
    }

    /// <summary>Client ID conflicts: each ID's session taken over five times between two addresses.</summary>
    private async Task SeedConflictsAsync()
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        for (var n = 0; n < Conflicts; n++)
        {
            var clientId = $"wb-list-{n:D2}";
            string Ip(int i) => i % 2 == 0 ? $"10.77.{n}.2" : $"10.77.{n}.3";
            for (var i = 0; i <= 5; i++)
            {
                var at = start + (i * 100);
                if (i > 0)
                {
                    await browser.DisconnectAsync(clientId, Ip(i - 1), 41000 + i - 1, at - 100, at, "takenover");
                }

                await browser.ConnectAsync(clientId, Ip(i), 41000 + i, at);
            }
        }
    }

    private sealed record RowBox(double Top, double Bottom, double Height, double PanelTop, double PanelBottom);
}
