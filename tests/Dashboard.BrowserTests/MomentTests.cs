using System.Globalization;
using System.Net.Http.Json;
using Dashboard.Api;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// "Who was online at T": a history seeded through the broker with sessions at known times, then
/// <c>/clients?at=T</c>, its filters, Overview's time control, and "Back to live".
/// </summary>
public sealed class MomentTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private const string Tokyo = "Asia/Tokyo";

    [Fact]
    public async Task The_time_control_shows_who_was_online_at_a_moment_and_back_to_live_shows_now()
    {
        // T is two hours ago, to the second. a: T-10 min to T+1 min (keepalive_timeout); b: from T-5 min, still on;
        // c: from T+5 min, still on; d: T-20 min to T-3 min (normal). a and c on one node, b and d on another.
        var t = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 7200);
        long Ms(int minutes) => t.AddMinutes(minutes).ToUnixTimeMilliseconds();
        await browser.ConnectAsync("mom-a", "10.8.0.1", 50001, Ms(-10), "emqx@mom-1");
        await browser.ConnectAsync("mom-b", "10.8.0.2", 50002, Ms(-5), "emqx@mom-2");
        await browser.ConnectAsync("mom-c", "10.8.0.3", 50003, Ms(5), "emqx@mom-1");
        await browser.ConnectAsync("mom-d", "10.8.0.4", 50004, Ms(-20), "emqx@mom-2");
        await browser.DisconnectAsync("mom-a", "10.8.0.1", 50001, Ms(-10), Ms(1), "keepalive_timeout", "emqx@mom-1");
        await browser.DisconnectAsync("mom-d", "10.8.0.4", 50004, Ms(-20), Ms(-3), "normal", "emqx@mom-2");

        var at = t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        using var http = browser.App.CreateClient();
        await Eventually.HoldsAsync(
            () => http.GetFromJsonAsync<ClientsAtPageDto>($"/api/clients?at={at}&q=mom-", DashboardApp.Json)!,
            p => p!.Items.Count == 2 && p.WentOffline.Count == 2,
            "history has the four sessions",
            TimeSpan.FromSeconds(30));
        var tokyo = t.ToOffset(TimeSpan.FromHours(9));

        var page = await browser.OpenAsync($"/clients?at={at}&q=mom-", timeZone: Tokyo);
        try
        {
            var online = page.Locator("[data-testid=moment-online-client]");
            var reasons = page.Locator("[data-testid=moment-offline-reason]");
            await Assertions.Expect(page.Locator("[data-testid=moment-banner-text]"))
                .ToHaveTextAsync($"As of {tokyo.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}, your time");
            await Assertions.Expect(online).ToHaveTextAsync(["mom-a", "mom-b"]);
            await Assertions.Expect(reasons).ToHaveTextAsync(["normal", "keepalive_timeout"]);
            await Assertions.Expect(page.Locator("[data-testid=moment-offline-row] a")).ToHaveTextAsync(["mom-d", "mom-a"]);

            // A filter at the moment: the node of the connect that began the session, and of the disconnect.
            await page.Locator("input[data-testid=filter-node]").FillAsync("emqx@mom-2");
            await Assertions.Expect(online).ToHaveTextAsync(["mom-b"]);
            await Assertions.Expect(reasons).ToHaveTextAsync(["normal"]);
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("node=emqx%40mom-2"));

            // Back to live: the filters stay, the list is today's (b is still on; d went off long ago).
            await page.Locator("[data-testid=moment-live]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=client-id]")).ToHaveTextAsync(["mom-b"]);
            await Assertions.Expect(page.Locator("[data-testid=moment-banner]")).ToHaveCountAsync(0);
            Assert.DoesNotContain("at=", new Uri(page.Url).Query, StringComparison.Ordinal);

            // Overview's time control, in the viewer's zone: a minute later, a has gone and c not yet come.
            await BrowserApp.GotoLiveAsync(page, "/");
            await Assertions.Expect(page.Locator("[data-testid=time-control]")).ToContainTextAsync(Tokyo);
            await page.Locator("[data-testid=time-input]").FillAsync(tokyo.AddMinutes(2).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            await page.Locator("[data-testid=time-window]").SelectOptionAsync("5");
            await page.Locator("[data-testid=time-show]").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("window=5"));
            await Assertions.Expect(page.Locator("[data-testid=moment-online-client]").Filter(new() { HasTextRegex = new("^mom-") }))
                .ToHaveTextAsync(["mom-b"]);
            await Assertions.Expect(page.Locator("[data-testid=moment-offline-row] a").Filter(new() { HasTextRegex = new("^mom-") }))
                .ToHaveTextAsync(["mom-d", "mom-a"]);
            await BrowserApp.ScreenshotAsync(page, "overview-at-a-moment");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
