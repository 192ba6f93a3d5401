using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Dashboard.StormBench;

/// <summary>
/// Debian's headless Chromium with dashboard pages open, each its own context (its own Blazor
/// circuit). On each page a MutationObserver stamps <c>Date.now()</c> whenever the text of a
/// watched element changes, so the stamps are taken in the page, when the DOM changes, not when
/// the bench gets round to asking.
/// </summary>
internal sealed class BrowserPages : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    // The project's Chromium flags: no sandbox (root in a container), no GPU, nothing that phones home.
    private static readonly string[] ChromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    // Watches the whole body: Blazor may replace an element rather than its text, so each
    // mutation re-reads the selectors and records only real changes of the shown text.
    private const string WatchScript = """
        (selectors) => {
            const stamps = {};
            const last = {};
            const read = (s) => { const e = document.querySelector(s); return e ? e.textContent.trim() : null; };
            const check = () => {
                const now = Date.now();
                for (const s of selectors) {
                    const text = read(s);
                    if (text !== null && text !== last[s]) { last[s] = text; stamps[s].push([now, text]); }
                }
            };
            for (const s of selectors) { stamps[s] = []; }
            check();
            new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
            window.__stormStamps = stamps;
        }
        """;

    private readonly string _home = Directory.CreateTempSubdirectory("storm-chromium-home-").FullName;
    private readonly List<(IPage Page, string[] Selectors)> _pages = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static async Task<BrowserPages> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (scripts/test.sh does).");
        }

        var pages = new BrowserPages();
        pages._playwright = await Playwright.CreateAsync();
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

        // Chromium writes under HOME (crash reports, caches): give it one of its own.
        environment["HOME"] = pages._home;
        pages._browser = await pages._playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Args = ChromiumArgs, Env = environment });
        return pages;
    }

    /// <summary>Opens a page in its own context, waits until its circuit renders, and starts watching the selectors.</summary>
    public Task<IPage> OpenAsync(Uri url, params string[] selectors) => OpenAsync(url, new() { Width = 1600, Height = 1000 }, selectors);

    /// <summary>As <see cref="OpenAsync(Uri, string[])"/>, in a window of the given size (a wallboard's TV, say).</summary>
    public async Task<IPage> OpenAsync(Uri url, ViewportSize viewport, params string[] selectors)
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = viewport });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        // The circuit is Blazor's WebSocket: once it carries a frame, the page is live.
        var live = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, ws) => ws.FrameReceived += (_, _) => live.TrySetResult();
        await page.GotoAsync(url.ToString());
        await live.Task.WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var selector in selectors)
        {
            await page.WaitForSelectorAsync(selector);
        }

        await page.EvaluateAsync(WatchScript, selectors);
        lock (_pages)
        {
            _pages.Add((page, selectors));
        }

        return page;
    }

    /// <summary>Every change each watched element showed, per page, with its text parsed as a whole number.</summary>
    public async Task<IReadOnlyList<PageStamps>> CollectAsync()
    {
        var all = new List<PageStamps>();
        foreach (var (page, selectors) in _pages)
        {
            var json = await page.EvaluateAsync<JsonElement>("() => window.__stormStamps");
            var bySelector = selectors.ToDictionary(
                s => s,
                s => (IReadOnlyList<Stamp>)json.GetProperty(s).EnumerateArray()
                    .Select(e => new Stamp(e[0].GetDouble(), ParseNumber(e[1].GetString()!)))
                    .ToList());
            all.Add(new PageStamps(new Uri(page.Url).AbsolutePath, bySelector));
        }

        return all;
    }

    // The pages format numbers with thousands separators ("1,234,567").
    public static long ParseNumber(string text) =>
        long.Parse(text.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        Directory.Delete(_home, recursive: true);
    }
}

/// <summary>The text a watched element showed, from <see cref="AtMs"/> (Unix ms, the page's clock).</summary>
internal readonly record struct Stamp(double AtMs, long Value);

internal sealed record PageStamps(string Path, IReadOnlyDictionary<string, IReadOnlyList<Stamp>> BySelector);
