using System.Text.Json.Nodes;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>The Clients page's state lives in its URL: filter and sort it, paste the URL into a new page, see the same rows.</summary>
public sealed class ClientsUrlTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_filtered_sorted_list_survives_a_copied_url_and_back_undoes_the_sort()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        int[] keepalives = [30, 120, 90, 60];
        for (var i = 1; i <= 4; i++)
        {
            var payload = JsonNode.Parse(Fixtures.Read("client_connected.json"))!;
            payload["clientid"] = $"share-{i}";
            payload["peername"] = $"10.7.0.{i}:{50000 + i}";
            payload["node"] = i % 2 == 0 ? "emqx@share-b" : "emqx@share-a";
            payload["keepalive"] = keepalives[i - 1];
            payload["connected_at"] = now + (i * 10);
            payload["timestamp"] = now + (i * 10) + 2;
            await browser.PublishAsync("client_connected", payload.ToJsonString());
        }

        await Eventually.HoldsAsync(
            () => browser.App.GetClientsAsync("?q=share-"), p => p.Total == 4, "the API lists the four clients", TimeSpan.FromSeconds(30));

        var page = await browser.OpenAsync("/clients?q=share-");
        IPage? pasted = null;
        try
        {
            var rows = page.Locator("[data-testid=client-id]");
            await Assertions.Expect(rows).ToHaveTextAsync(["share-4", "share-3", "share-2", "share-1"], new() { Timeout = 15_000 });

            await page.Locator("input[data-testid=filter-node]").FillAsync("emqx@share-b");
            await Assertions.Expect(rows).ToHaveTextAsync(["share-4", "share-2"], new() { Timeout = 15_000 });
            await page.Locator("[data-testid=sort-keepalive]").ClickAsync();
            await Assertions.Expect(rows).ToHaveTextAsync(["share-4", "share-2"], new() { Timeout = 15_000 });
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=keepalive&order=asc"), new() { Timeout = 15_000 });
            await Assertions.Expect(rows).ToHaveTextAsync(["share-4", "share-2"]);

            // Descending turns it round: a second click on the same header.
            await page.Locator("[data-testid=sort-keepalive]").ClickAsync();
            await Assertions.Expect(rows).ToHaveTextAsync(["share-2", "share-4"], new() { Timeout = 15_000 });

            var url = new Uri(page.Url);
            pasted = await browser.OpenAsync(url.PathAndQuery);
            await Assertions.Expect(pasted.Locator("[data-testid=client-id]")).ToHaveTextAsync(["share-2", "share-4"], new() { Timeout = 15_000 });
            await Assertions.Expect(pasted.Locator("input[data-testid=filter-node]")).ToHaveValueAsync("emqx@share-b");
            await Assertions.Expect(pasted.Locator("[data-testid=sort-keepalive]")).ToHaveAttributeAsync("data-sort", "descending");

            // Back on the first page: the ascending order again, then the unsorted filtered list.
            await page.GoBackAsync();
            await Assertions.Expect(rows).ToHaveTextAsync(["share-4", "share-2"], new() { Timeout = 15_000 });
            await Assertions.Expect(page.Locator("[data-testid=sort-keepalive]")).ToHaveAttributeAsync("data-sort", "ascending");
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
}
