using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>The Refused page's state lives in its URL: filter it and choose a custom range, paste the URL into a new page, see the same attempts; back undoes the range.</summary>
public sealed class RefusedUrlTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 15_000 };

    [Fact]
    public async Task A_filtered_custom_range_survives_a_copied_url_and_back_returns_to_the_filter_alone()
    {
        // url-dev-1 refused 20 and 3 minutes ago, url-dev-2 2 minutes ago: connacks as EMQX posts them to the webhook.
        var now = DateTimeOffset.UtcNow;
        var lines = new[]
        {
            Connack("client_connack_bad_credentials.json", "url-dev-1", now.AddMinutes(-20)),
            Connack("client_connack_server_busy.json", "url-dev-1", now.AddMinutes(-3)),
            Connack("client_connack_bad_credentials.json", "url-dev-2", now.AddMinutes(-2)),
        };
        using (var response = await browser.App.PostToWebhookAsync(string.Join("\n", lines), "application/x-ndjson"))
        {
            // Stored before the 200: nothing to wait for.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var page = await browser.OpenAsync("/refused");
        IPage? pasted = null;
        try
        {
            var attempts = page.Locator("[data-testid=attempt-client]");
            await Assertions.Expect(attempts).ToHaveTextAsync(["url-dev-2", "url-dev-1", "url-dev-1"], Soon);

            await page.Locator("[data-testid=filter-client]").FillAsync("url-dev-1");
            await page.Locator("[data-testid=filter-apply]").ClickAsync();
            await Assertions.Expect(attempts).ToHaveTextAsync(["url-dev-1", "url-dev-1"], Soon);
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/refused\\?clientId=url-dev-1$"), new() { Timeout = 15_000 });

            // A custom range (UTC, to the minute) from ten minutes ago: only the newer attempt.
            await page.Locator("[data-testid=range-custom]").ClickAsync();
            await page.Locator("[data-testid=custom-from]").FillAsync(Typed(now.AddMinutes(-10)));
            await page.Locator("[data-testid=custom-to]").FillAsync(Typed(now.AddMinutes(5)));
            await page.Locator("[data-testid=custom-apply]").ClickAsync();
            await Assertions.Expect(attempts).ToHaveTextAsync(["url-dev-1"], Soon);
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("clientId=url-dev-1&from=.+&to=.+$"), new() { Timeout = 15_000 });

            pasted = await browser.OpenAsync(new Uri(page.Url).PathAndQuery);
            await Assertions.Expect(pasted.Locator("[data-testid=attempt-client]")).ToHaveTextAsync(["url-dev-1"], Soon);
            await Assertions.Expect(pasted.Locator("[data-testid=attempt] code")).ToHaveTextAsync(["server_busy"]);
            await Assertions.Expect(pasted.Locator("[data-testid=filter-client]")).ToHaveValueAsync("url-dev-1");
            await Assertions.Expect(pasted.Locator("[data-testid=custom-from]")).ToHaveValueAsync(Typed(now.AddMinutes(-10)));
            await Assertions.Expect(pasted.Locator("[data-testid=range-custom]")).ToHaveClassAsync(new Regex("mud-button-filled"));

            // Back on the first page: the filter alone over the last hour again.
            await page.GoBackAsync();
            await Assertions.Expect(attempts).ToHaveTextAsync(["url-dev-1", "url-dev-1"], Soon);
            await Assertions.Expect(page.Locator("[data-testid=custom-range]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=range-1h]")).ToHaveClassAsync(new Regex("mud-button-filled"));
        }
        finally
        {
            if (pasted is not null)
            {
                await pasted.Context.CloseAsync();
            }

            await page.Context.CloseAsync();
        }
    }

    private static string Typed(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static string Connack(string fixture, string clientId, DateTimeOffset at)
    {
        var payload = JsonNode.Parse(Fixtures.Read(fixture))!;
        payload["clientid"] = clientId;
        payload["timestamp"] = at.ToUnixTimeMilliseconds();
        return payload.ToJsonString();
    }
}
