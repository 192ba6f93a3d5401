using System.Globalization;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>Reads the wallboard's big online number as a person would: "12,345" is 12345.</summary>
internal static class WallboardReading
{
    public static ILocator Online(IPage page) => page.Locator("[data-testid=wb-online]");

    /// <summary>Waits until the online count reads <paramref name="expected"/>; fails with the last text seen.</summary>
    public static async Task ExpectOnlineAsync(IPage page, int expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await TextOrNullAsync(page);
            if (last is not null && int.TryParse(last.Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var shown) && shown == expected)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The wallboard's online count should read {expected}; it last read \"{last ?? "(no element)"}\".");
    }

    private static async Task<string?> TextOrNullAsync(IPage page)
    {
        try
        {
            return await Online(page).TextContentAsync(new() { Timeout = 1_000 });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            // The page is reloading (after a restart) or not drawn yet: not there yet, not a failure.
            return null;
        }
    }
}
