using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// Watches a page for any sign that markup from event data was taken as HTML: a dialog
/// (<c>alert</c>), a console error (the browser reports what the Content-Security-Policy refused,
/// and a stray <c>&lt;img src=x&gt;</c> fails to load), an uncaught error, a
/// <c>securitypolicyviolation</c> event, or the canary <c>window.__pwned</c> that the payloads
/// set. Attach before navigating; <see cref="AssertCleanAsync"/> then says what was seen.
/// </summary>
internal sealed class ScriptGuard
{
    // Runs before the page's own scripts, outside the page's CSP (Playwright injects it).
    private const string ViolationRecorder =
        "document.addEventListener('securitypolicyviolation', e => (window.__cspViolations ??= [])" +
        ".push(`${e.violatedDirective} blocked ${e.blockedURI} ${e.sample ?? ''}`));";

    private readonly IPage _page;
    private readonly List<string> _seen = [];

    private ScriptGuard(IPage page)
    {
        _page = page;
        page.Dialog += (_, dialog) =>
        {
            Record($"dialog: {dialog.Type} \"{dialog.Message}\"");
            _ = dialog.DismissAsync();
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => Record($"page error: {error}");
    }

    /// <summary>The page's response when <see cref="OpenAsync"/> navigated it.</summary>
    public IResponse? Response { get; private set; }

    public IPage Page => _page;

    /// <summary>A new page, guarded from its first byte, opened at <paramref name="path"/> with its circuit up.</summary>
    public static async Task<ScriptGuard> OpenAsync(BrowserApp browser, string path)
    {
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync(ViolationRecorder);
        var guard = new ScriptGuard(page);
        guard.Response = await BrowserApp.GotoLiveAsync(page, path);
        return guard;
    }

    /// <summary>Fails with everything seen: dialogs, console and page errors, CSP violations, the canary.</summary>
    public async Task AssertCleanAsync()
    {
        var violations = await _page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");
        var canary = await _page.EvaluateAsync<string?>("() => window.__pwned === undefined ? null : String(window.__pwned)");
        var seen = new List<string>();
        lock (_seen)
        {
            seen.AddRange(_seen);
        }

        seen.AddRange(violations.Select(v => $"CSP violation: {v}"));
        if (canary is not null)
        {
            seen.Add($"script ran: window.__pwned = {canary}");
        }

        Assert.True(seen.Count == 0, $"{_page.Url}:\n" + string.Join("\n", seen));
    }

    /// <summary>The Content-Security-Policy the page was served with; fails when there is none.</summary>
    public async Task<string> PolicyAsync()
    {
        Assert.NotNull(Response);
        var policy = await Response.HeaderValueAsync("content-security-policy");
        Assert.False(string.IsNullOrEmpty(policy), $"{Response.Url} came without a Content-Security-Policy header.");
        return policy;
    }

    private void Record(string what)
    {
        lock (_seen)
        {
            _seen.Add(what);
        }
    }
}
