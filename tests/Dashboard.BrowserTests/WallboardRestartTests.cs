using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// A wallboard left open across a restart of the dashboard: the test never touches the page after
/// opening it. Its own fixture, because stopping the app would disturb the other flows.
/// </summary>
public sealed class WallboardRestartTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Wallboard_recovers_by_itself_after_the_app_restarts_and_keeps_counting()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await browser.ConnectAsync("restart-before-1", "10.4.0.1", 53001, now);
        await browser.ConnectAsync("restart-before-2", "10.4.0.2", 53002, now + 10);

        var page = await browser.OpenAsync("/wallboard", 1920, 1080);
        try
        {
            var loads = 0;
            page.Load += (_, _) => Interlocked.Increment(ref loads);
            await WallboardReading.ExpectOnlineAsync(page, 2);

            await browser.StopAppAsync();
            var badge = page.Locator("#components-reconnect-modal");
            await Assertions.Expect(badge).ToBeVisibleAsync(new() { Timeout = 15_000 });
            // Still the numbers it had, not an error page: the badge informs, the page stays.
            await WallboardReading.ExpectOnlineAsync(page, 2);

            // Published while the app is down: the broker queues it for the dashboard's session.
            await browser.ConnectAsync("restart-during-1", "10.4.0.3", 53003, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await browser.StartAppAsync();

            // The two from before come back from history, the queued one from the broker.
            await WallboardReading.ExpectOnlineAsync(page, 3, TimeSpan.FromSeconds(40));
            await Assertions.Expect(badge).ToBeHiddenAsync(new() { Timeout = 15_000 });

            // And it is live again: what happens after the restart shows without anyone touching it.
            var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await browser.ConnectAsync("restart-after-1", "10.4.0.4", 53004, after);
            await browser.ConnectAsync("restart-after-2", "10.4.0.5", 53005, after + 10);
            await browser.DisconnectAsync("restart-before-1", "10.4.0.1", 53001, now, after + 20, "normal");
            await WallboardReading.ExpectOnlineAsync(page, 4);

            var api = await browser.App.GetClientsAsync("?state=online&pageSize=1");
            Assert.Equal(4, api.Total);
            Assert.Equal(1, loads); // the page reloaded itself once, when the server was back
            await BrowserApp.ScreenshotAsync(page, "wallboard-after-restart");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
