using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// The dashboard in a real browser: events published to mosquitto reach the open pages live, the
/// drill-down draws its chart, and a takeover loop shows on the Conflicts page. Each flow saves a
/// screenshot under screenshots/ in the test output directory.
/// </summary>
public sealed class DashboardFlowTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 15_000 };

    [Fact]
    public async Task Clients_page_shows_connected_clients_without_a_reload()
    {
        var page = await browser.OpenAsync("/clients");
        try
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await browser.ConnectAsync("live-sensor-1", "10.1.0.1", 50001, now);
            await browser.ConnectAsync("live-sensor-2", "10.1.0.2", 50002, now + 10);

            // No navigation since the publish: the rows arrive over the circuit.
            await Assertions.Expect(ClientLink(page, "live-sensor-1")).ToBeVisibleAsync(Visible);
            await Assertions.Expect(ClientLink(page, "live-sensor-2")).ToBeVisibleAsync(Visible);
            Assert.EndsWith("/clients", page.Url, StringComparison.Ordinal);
            await BrowserApp.ScreenshotAsync(page, "clients-live");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Search_then_click_opens_the_drill_down_with_chart_and_events()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await browser.ConnectAsync("drill-plc-7", "10.2.0.7", 41000, now - 60_000);
        await browser.DisconnectAsync("drill-plc-7", "10.2.0.7", 41000, now - 60_000, now - 30_000, "keepalive_timeout");
        await browser.ConnectAsync("drill-plc-7", "10.2.0.7", 41001, now - 20_000);
        await browser.ConnectAsync("drill-other-1", "10.2.0.8", 41002, now - 10_000);
        await Dashboard.Tests.Integration.Infrastructure.Eventually.HoldsAsync(
            () => browser.App.GetClientsAsync("?q=drill-plc-7"),
            p => p.Total == 1,
            "the API lists drill-plc-7");

        var page = await browser.OpenAsync("/clients");
        try
        {
            var search = page.Locator("[data-testid=client-search] input, input[data-testid=client-search]").First;
            await search.FillAsync("drill-plc");
            await Assertions.Expect(page.Locator("[data-testid=client-id]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
            await ClientLink(page, "drill-plc-7").ClickAsync();

            await page.WaitForURLAsync("**/clients/drill-plc-7");
            await Assertions.Expect(page.Locator("[data-testid=detail-client-id]")).ToHaveTextAsync("drill-plc-7");
            await Assertions.Expect(page.Locator("[data-testid=session-chart] svg").First).ToBeVisibleAsync(Visible);
            await Assertions.Expect(page.Locator("[data-testid=session-chart] path.apexcharts-rangebar-area").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
            await Assertions.Expect(page.Locator("[data-testid=client-events]")).ToBeVisibleAsync(Visible);
            await Assertions.Expect(page.Locator("[data-testid=client-events] [data-testid=event-kind]").First).ToBeVisibleAsync(Visible);
            await BrowserApp.ScreenshotAsync(page, "client-drill-down");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_long_history_scrolls_in_a_virtualised_table_down_to_its_oldest_event()
    {
        // 300 sessions, 600 events: one new port per session, so each row says which one it is.
        const string clientId = "long-history-1";
        const int sessions = 300;
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (sessions * 2_000);
        for (var i = 0; i < sessions; i++)
        {
            var connectedAt = start + (i * 2_000);
            await browser.ConnectAsync(clientId, "10.9.0.1", 30_000 + i, connectedAt);
            await browser.DisconnectAsync(clientId, "10.9.0.1", 30_000 + i, connectedAt, connectedAt + 1_000, "tcp_closed");
        }

        using var http = browser.App.CreateClient();
        await Dashboard.Tests.Integration.Infrastructure.Eventually.HoldsAsync(
            async () => (await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/clients/{clientId}/events?limit=1000")).GetArrayLength(),
            count => count == sessions * 2,
            "history holds all 600 events");

        var page = await browser.OpenAsync($"/clients/{clientId}");
        try
        {
            var table = page.Locator("[data-testid=client-events]");
            await Assertions.Expect(table.Locator("[data-testid=event-kind]").First).ToBeVisibleAsync(Visible);
            await Assertions.Expect(page.Locator("[data-testid=events-count]")).ToContainTextAsync("600");

            // Only the rows in view are in the DOM, not all 600.
            var rendered = await table.Locator("[data-testid=event-kind]").CountAsync();
            Assert.InRange(rendered, 1, 100);

            // Scrolling to the end brings the oldest event (the first session's port) into view.
            var oldest = table.Locator("[data-testid=event-peer]", new() { HasTextString = "10.9.0.1:30000" });
            var scroller = table.Locator(".mud-table-container");
            for (var attempt = 0; attempt < 20 && await oldest.CountAsync() == 0; attempt++)
            {
                await scroller.EvaluateAsync("e => e.scrollTop = e.scrollHeight");
                await page.WaitForTimeoutAsync(250);
            }

            await Assertions.Expect(oldest.First).ToBeVisibleAsync(Visible);
            Assert.InRange(await table.Locator("[data-testid=event-kind]").CountAsync(), 1, 100);
            await BrowserApp.ScreenshotAsync(page, "client-long-history");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_takeover_loop_from_two_ips_shows_as_a_client_id_conflict_that_can_be_acknowledged()
    {
        var page = await browser.OpenAsync("/conflicts");
        try
        {
            // Two devices take "shared-cam-9" from each other five times; each takeover ends the
            // session that began at the previous connect.
            const string clientId = "shared-cam-9";
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (var i = 0; i <= 5; i++)
            {
                var ip = i % 2 == 0 ? "10.0.0.2" : "10.0.0.3";
                if (i > 0)
                {
                    var previousIp = i % 2 == 0 ? "10.0.0.3" : "10.0.0.2";
                    await browser.DisconnectAsync(clientId, previousIp, 40000 + i - 1, now + ((i - 1) * 100), now + (i * 100), "takenover");
                }

                await browser.ConnectAsync(clientId, ip, 40000 + i, now + (i * 100));
            }

            var finding = page.Locator($"[data-testid=finding][data-client=\"{clientId}\"]");
            await Assertions.Expect(finding).ToBeVisibleAsync(Visible);
            await Assertions.Expect(finding.Locator("[data-testid=finding-kind]")).ToHaveTextAsync("Client ID conflict");
            await Assertions.Expect(finding.Locator("[data-testid=finding-peers]")).ToContainTextAsync("10.0.0.2");
            await Assertions.Expect(finding.Locator("[data-testid=finding-peers]")).ToContainTextAsync("10.0.0.3");
            await BrowserApp.ScreenshotAsync(page, "conflicts");

            // The browser tests run with Auth:Mode=none: the one local user is admin, so may acknowledge; the row opens to the form.
            await finding.Locator("[data-testid=finding-expand]").ClickAsync();
            await finding.Locator("input[data-testid=ack-note-input]").FillAsync("Two cameras flashed with one ID; renaming cam B");
            await finding.Locator("[data-testid=ack-button]").ClickAsync();
            await Assertions.Expect(finding.Locator("[data-testid=ack-by]")).ToContainTextAsync("local (admin)", new() { Timeout = 15_000 });
            await Assertions.Expect(finding.Locator("[data-testid=ack-note]")).ToHaveTextAsync("Two cameras flashed with one ID; renaming cam B");
            await Assertions.Expect(finding.Locator("[data-testid=ack-button]")).ToHaveCountAsync(0);
            await BrowserApp.ScreenshotAsync(page, "conflicts-acknowledged");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Wallboard_shows_the_online_count_and_follows_new_connects()
    {
        var page = await browser.OpenAsync("/wallboard", 1920, 1080);
        try
        {
            await Assertions.Expect(WallboardReading.Online(page)).ToBeVisibleAsync(Visible);
            var before = await browser.App.GetClientsAsync("?state=online&pageSize=1");
            await WallboardReading.ExpectOnlineAsync(page, before.Total);

            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await browser.ConnectAsync("wall-sensor-1", "10.3.0.1", 52001, now);
            await browser.ConnectAsync("wall-sensor-2", "10.3.0.2", 52002, now + 10);

            await WallboardReading.ExpectOnlineAsync(page, before.Total + 2);
            await BrowserApp.ScreenshotAsync(page, "wallboard");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_page_names_a_favicon_that_is_served()
    {
        var page = await browser.OpenAsync("/");
        try
        {
            var href = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
            Assert.NotNull(href);
            var response = await page.Context.APIRequest.GetAsync(href);
            Assert.Equal(200, response.Status);
            Assert.StartsWith("image/svg+xml", response.Headers["content-type"], StringComparison.Ordinal);
            Assert.Contains("<svg", await response.TextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static ILocator ClientLink(IPage page, string clientId) =>
        page.Locator("[data-testid=client-id]", new() { HasTextString = clientId });
}
