using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Core.Reasons;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// "Device X can't connect": a device refused every time (EMQX's failed authentication and refusing
/// connack, posted to the real webhook as EMQX sends them), which live state never saw, is found by
/// typing its ID in the search box; its drill-down shows the refused marks on the timeline, the
/// attempts in the events table and the reason with what to do.
/// </summary>
public sealed class RefusedDrillDownTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    // A '/' and markup in the ID: one path segment in the URL, text on the page.
    private const string Device = "door/7 <i>Tür</i>";
    private const string Reason = "bad_username_or_password";

    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 15_000 };

    [Fact]
    public async Task A_device_refused_every_time_is_found_by_the_search_box_and_its_drill_down_shows_marks_rows_reason_and_advice()
    {
        // Three attempts a minute apart, each as EMQX reports it: authentication failed, then the refusing connack.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var lines = new List<string>();
        foreach (var minutesAgo in new[] { 3, 2, 1 })
        {
            var at = now - (minutesAgo * 60_000);
            lines.Add(Attempt("client_check_authn_complete_failure.json", at));
            lines.Add(Attempt("client_connack_bad_credentials.json", at + 2));
        }

        using (var response = await browser.App.PostToWebhookAsync(string.Join("\n", lines), "application/x-ndjson"))
        {
            // Stored before the 200: nothing to wait for.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var page = await browser.OpenAsync("/reasons");
        try
        {
            await Assertions.Expect(page.Locator("h1").First).ToBeFocusedAsync(new() { Timeout = 15_000 });
            var input = page.GetByRole(AriaRole.Combobox, new() { Name = "Go to client ID" });
            await input.FillAsync("door/7");
            var option = page.GetByRole(AriaRole.Option);
            await Assertions.Expect(option).ToHaveTextAsync([$"{Device} refused"], new() { Timeout = 15_000 });
            await input.PressAsync("ArrowDown");
            await input.PressAsync("Enter");

            await Assertions.Expect(page).ToHaveURLAsync(
                new Regex(Regex.Escape("/" + ClientLinks.Detail(Device)) + "$"), new() { Timeout = 15_000 });
            await Assertions.Expect(page.Locator("[data-testid=detail-client-id]")).ToHaveTextAsync(Device);
            await Assertions.Expect(page.Locator("[data-testid=status-chip]")).ToHaveTextAsync("refused");

            // The timeline: one mark (three attempts in a row, one reason, one peer), drawn by ApexCharts,
            // whose tooltip says when, why and what to do.
            var chart = page.Locator("[data-testid=session-chart]");
            var marks = chart.Locator("path.apexcharts-rangebar-area");
            await Assertions.Expect(marks).ToHaveCountAsync(1, new() { Timeout = 15_000 });
            // ApexCharts writes the mark's colour (RefusedMarks.Color, #c2185b) with its fill opacity.
            Assert.StartsWith("rgba(194,24,91,", await marks.First.GetAttributeAsync("fill"), StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("[data-testid=refused-mark]")).ToHaveTextAsync(new Regex($"^3 refused \\({Reason}\\) between .+ · peer 172\\.18\\.0\\.1$"));
            var tooltip = chart.Locator(".dashboard-chart-tooltip");
            var advice = ReasonCatalog.DescribeRefusal(Reason).Advice;
            await HostileNameTests.HoverUntilAsync(
                marks,
                async () => await tooltip.CountAsync() > 0 && (await tooltip.First.TextContentAsync() ?? string.Empty).Contains(advice, StringComparison.Ordinal),
                "the refused mark's tooltip with the advice");
            Assert.Contains($"3 refused ({Reason}) between", await tooltip.First.TextContentAsync(), StringComparison.Ordinal);

            // The panel and the events table: every attempt, with the reason and what to do.
            await Assertions.Expect(page.Locator("[data-testid=refusal-code]")).ToHaveTextAsync([Reason]);
            await Assertions.Expect(page.Locator("[data-testid=refusal-advice]")).ToContainTextAsync(advice);
            var kinds = page.Locator("[data-testid=client-events] [data-testid=event-kind]");
            await Assertions.Expect(kinds).ToHaveTextAsync(["refused", "authn failed", "refused", "authn failed", "refused", "authn failed"]);
            await Assertions.Expect(page.Locator("[data-testid=client-events] [data-testid=event-advice]").First).ToContainTextAsync(advice);
            await Assertions.Expect(page.Locator("[data-testid=client-events] [data-testid=event-peer]").First).ToHaveTextAsync("172.18.0.1:53990");
            await BrowserApp.ScreenshotAsync(page, "refused-drill-down");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>One of EMQX's fixtures for this device at this time.</summary>
    private static string Attempt(string fixture, long at)
    {
        var payload = JsonNode.Parse(Fixtures.Read(fixture))!;
        payload["clientid"] = Device;
        payload["timestamp"] = at;
        return payload.ToJsonString();
    }
}
