using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// Output is always text: a client whose ID, username, peer, node and disconnect reason are
/// HTML/JS payloads, published through the real mosquitto, with a client ID conflict and a mass
/// disconnect incident. Every page shows the payloads verbatim (charts' legends, tooltips and axis
/// labels included), no dialog opens, no script runs (each payload sets <c>window.__pwned</c>),
/// the Content-Security-Policy refuses nothing (nothing tried) and is on every page.
/// </summary>
public sealed class HostileNameTests(BrowserApp browser) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    public const string HostileId = "<img src=x onerror=\"window.__pwned='id';alert('id')\">";
    public const string HostileUser = "<svg onload=\"window.__pwned='user';alert('user')\">";
    public const string HostileReason = "\"><script>window.__pwned='reason'</script><img src=x onerror=\"window.__pwned='reason';alert(1)\">";
    public const string HostilePeer = "<svg onload=\"window.__pwned='peer'\">";
    public const string HostileNode = "emqx@<img src=x onerror=\"window.__pwned='node'\">";
    public const string JavascriptId = "javascript:alert(1)";
    public const string TemplateId = "{{7*7}}";

    /// <summary>A payload that is not JSON, for the Diagnostics page's parse failures.</summary>
    public const string HostileGarbage = "{\"clientid\": \"<img src=x onerror=\\\"window.__pwned='diag'\\\">\", \"event\":";

    // More than Conflicts:MassDisconnectClients (50) clients ending with one reason within seconds.
    private const int FleetSize = 55;
    private const string FleetUser = "fleet-user";

    private static readonly ConditionalWeakTable<BrowserApp, Task> Seeded = [];
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 15_000 };

    public Task InitializeAsync() => Seeded.GetValue(browser, SeedAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Overview_shows_the_hostile_reason_as_text_in_the_chart_legend_and_tooltip()
    {
        await OnGuardedPageAsync("/", async guard =>
        {
            var chart = guard.Page.Locator("[data-testid=overview-reasons-chart]");
            await ExpectLegendAsync(chart, HostileReason);
            await ExpectTooltipRowAsync(chart, HostileReason);
            await Assertions.Expect(guard.Page.Locator("[data-testid=active-findings]").GetByText(HostileId, new() { Exact = true })).ToBeVisibleAsync(Visible);
        });
    }

    [Fact]
    public async Task Clients_lists_hostile_ids_and_usernames_verbatim_and_links_stay_http()
    {
        // The three clients with the hostile username (the fleet has a plain one): a search by username.
        await OnGuardedPageAsync("/clients?state=all&q=onload", async guard =>
        {
            var page = guard.Page;
            foreach (var id in new[] { HostileId, JavascriptId, TemplateId })
            {
                await Assertions.Expect(page.Locator("[data-testid=client-id]").GetByText(id, new() { Exact = true })).ToBeVisibleAsync(Visible);
            }

            await Assertions.Expect(page.GetByText(HostileUser, new() { Exact = true }).First).ToBeVisibleAsync(Visible);

            // The javascript: ID is a path segment of an http link, and leads to its own drill-down.
            var link = page.Locator("[data-testid=client-id]").GetByText(JavascriptId, new() { Exact = true });
            var target = await link.EvaluateAsync<string>("a => a.closest('a').href");
            Assert.StartsWith(browser.BaseAddress.ToString(), target, StringComparison.Ordinal);
            await link.ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/" + ClientLinks.Detail(JavascriptId), StringComparison.Ordinal));
            await Assertions.Expect(page.Locator("[data-testid=detail-client-id]")).ToHaveTextAsync(JavascriptId);
        });
    }

    [Fact]
    public async Task The_drill_down_of_a_hostile_id_shows_it_verbatim_in_title_chart_axis_and_tooltip()
    {
        await OnGuardedPageAsync("/" + ClientLinks.Detail(HostileId), async guard =>
        {
            var page = guard.Page;
            await Assertions.Expect(page.Locator("[data-testid=detail-client-id]")).ToHaveTextAsync(HostileId);
            Assert.StartsWith(HostileId + " · ", await page.TitleAsync(), StringComparison.Ordinal);

            // The peer is a row of the session chart: an SVG text label, shown as it is.
            var chart = page.Locator("[data-testid=session-chart]");
            await Assertions.Expect(chart.Locator(".apexcharts-yaxis-label").GetByText(HostilePeer, new() { Exact = true }).First).ToBeAttachedAsync(new() { Timeout = 15_000 });

            // The tooltip of the session that ended with the hostile reason names it and the username.
            var tooltip = chart.Locator(".dashboard-chart-tooltip");
            await HoverUntilAsync(
                chart.Locator("path.apexcharts-rangebar-area"),
                async () => await tooltip.CountAsync() > 0 && (await tooltip.First.TextContentAsync() ?? string.Empty).Contains(HostileReason, StringComparison.Ordinal),
                "a session bar's tooltip naming the hostile reason verbatim");
            Assert.Contains(HostileUser, await tooltip.First.TextContentAsync(), StringComparison.Ordinal);

            var events = page.Locator("[data-testid=client-events]");
            await Assertions.Expect(events.GetByText(HostileReason, new() { Exact = true }).First).ToBeVisibleAsync(Visible);
        });
    }

    [Fact]
    public async Task Reasons_shows_the_hostile_reason_verbatim_and_a_click_on_its_bar_lists_its_clients()
    {
        await OnGuardedPageAsync("/reasons", async guard =>
        {
            var page = guard.Page;
            var chart = page.Locator("[data-testid=reasons-chart]");
            await ExpectLegendAsync(chart, HostileReason);
            await ExpectTooltipRowAsync(chart, HostileReason);
            await Assertions.Expect(page.Locator("[data-testid=reason-name]").GetByText(HostileReason, new() { Exact = true })).ToBeVisibleAsync(Visible);

            // The click reaches .NET with the series' name as published, not as escaped for the legend.
            // (The mouse is on the bar whose tooltip was checked.)
            await page.Mouse.DownAsync();
            await page.Mouse.UpAsync();
            var clients = page.Locator("[data-testid=reason-clients]");
            await Assertions.Expect(clients).ToBeVisibleAsync(Visible);
            await Assertions.Expect(clients.GetByText(HostileReason, new() { Exact = true }).First).ToBeVisibleAsync(Visible);
            await Assertions.Expect(clients.GetByText(HostileId, new() { Exact = true })).ToBeVisibleAsync(Visible);
        });
    }

    [Fact]
    public async Task Conflicts_shows_the_hostile_finding_and_incident_verbatim()
    {
        await OnGuardedPageAsync("/conflicts", async guard =>
        {
            var page = guard.Page;
            await RaiseIncidentAsync();
            var finding = page.Locator("[data-testid=finding]").Filter(new() { Has = page.Locator("[data-testid=finding-client]").GetByText(HostileId, new() { Exact = true }) });
            await Assertions.Expect(finding).ToBeVisibleAsync(Visible);
            await Assertions.Expect(finding.Locator("[data-testid=finding-kind]")).ToHaveTextAsync("Client ID conflict");
            await Assertions.Expect(finding.Locator("[data-testid=finding-usernames]")).ToContainTextAsync(HostileUser);
            Assert.Equal(HostileId, await finding.GetAttributeAsync("data-client"));

            var incident = page.Locator("[data-testid=incident]").Filter(new() { HasTextString = HostileReason });
            await Assertions.Expect(incident.First).ToBeVisibleAsync(Visible);
            await Assertions.Expect(incident.First).ToContainTextAsync(HostileNode);
        });
    }

    [Fact]
    public async Task Diagnostics_shows_a_hostile_payload_that_failed_to_parse_as_text()
    {
        await browser.PublishAsync("client_connected", HostileGarbage);
        await OnGuardedPageAsync("/diagnostics", async guard =>
        {
            var raw = guard.Page.Locator("[data-testid=raw-payload]").Filter(new() { HasTextString = "window.__pwned='diag'" });
            await Assertions.Expect(raw.First).ToBeAttachedAsync(new() { Timeout = 15_000 });
            Assert.Equal(HostileGarbage, (await raw.First.TextContentAsync())?.Trim());
        });
    }

    [Fact]
    public async Task The_wallboard_shows_the_hostile_reason_incident_and_finding_verbatim()
    {
        await OnGuardedPageAsync("/wallboard", async guard =>
        {
            var page = guard.Page;
            await RaiseIncidentAsync();
            await ExpectLegendAsync(page.Locator("[data-testid=wb-reasons-chart]"), HostileReason);
            await Assertions.Expect(page.Locator("[data-testid=wb-incident]").GetByText(HostileReason, new() { Exact = true }).First).ToBeVisibleAsync(Visible);
            await Assertions.Expect(page.Locator("[data-testid=wb-finding]").GetByText(HostileId, new() { Exact = true })).ToBeVisibleAsync(Visible);
            Assert.Contains("frame-ancestors 'none'", await guard.PolicyAsync(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_javascript_url_as_the_path_never_becomes_a_link()
    {
        // Only the circuit's router shows a page for an unknown path (a request for one is a bare
        // 404): the not-found page, whose skip link names the current address.
        await OnGuardedPageAsync("/", async guard =>
        {
            // Until the circuit's router takes navigation, navigateTo loads the address from the server instead.
            await Assertions.Expect(guard.Page.Locator("[data-testid=skip-link][data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 15_000 });
            await guard.Page.EvaluateAsync("() => Blazor.navigateTo(\"/javascript:window.__pwned='path'//\")");
            await Assertions.Expect(guard.Page.GetByText("Page not found")).ToBeVisibleAsync(Visible);
            await Assertions.Expect(guard.Page.Locator("[data-testid=skip-link]")).ToBeAttachedAsync(new() { Timeout = 15_000 });
        });
    }

    /// <summary>Opens a guarded page at <paramref name="path"/>, runs <paramref name="check"/> on it, then <see cref="AssertSafeAsync"/>.</summary>
    private async Task OnGuardedPageAsync(string path, Func<ScriptGuard, Task> check)
    {
        var guard = await ScriptGuard.OpenAsync(browser, path);
        try
        {
            await check(guard);
            await AssertSafeAsync(guard);
        }
        finally
        {
            await guard.Page.Context.CloseAsync();
        }
    }

    /// <summary>The guard's checks, no link anywhere on the page with a javascript: URL, and the CSP header.</summary>
    private static async Task AssertSafeAsync(ScriptGuard guard)
    {
        var scriptLinks = await guard.Page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('a[href], area[href]')].filter(a => a.protocol === 'javascript:').map(a => a.outerHTML)");
        Assert.True(scriptLinks.Length == 0, "javascript: links: " + string.Join("\n", scriptLinks));

        var policy = await guard.PolicyAsync();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)), StringComparison.Ordinal);
        await guard.AssertCleanAsync();
    }

    private static async Task ExpectLegendAsync(ILocator chart, string name)
    {
        var legend = chart.Locator(".apexcharts-legend-text");
        await Assertions.Expect(legend.GetByText(name, new() { Exact = true })).ToBeAttachedAsync(new() { Timeout = 15_000 });
        Assert.Contains(name, await legend.AllTextContentsAsync());
    }

    /// <summary>Hovers the series' bars, last first, until the tooltip has a row naming it verbatim; leaves the mouse there.</summary>
    private static async Task ExpectTooltipRowAsync(ILocator chart, string name)
    {
        var texts = await chart.Locator(".apexcharts-legend-text").AllTextContentsAsync();
        var rel = texts.ToList().IndexOf(name) + 1;
        Assert.True(rel > 0, $"No legend entry reads {name}: {string.Join(" | ", texts)}");
        var bars = chart.Locator($"g.apexcharts-series[rel='{rel}'] path.apexcharts-bar-area");
        await Assertions.Expect(bars.First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        var labels = chart.Locator(".apexcharts-tooltip-text-y-label");
        await HoverUntilAsync(bars, async () => (await labels.AllTextContentsAsync()).Contains(name + ": "), $"a tooltip row reading \"{name}: \"");
    }

    /// <summary>
    /// Moves the mouse over each drawn element of <paramref name="elements"/>, last first, until
    /// <paramref name="shown"/> holds, and leaves the mouse there. A live chart may redraw meanwhile
    /// (zero-sized bars while it does), so it goes round again until a deadline.
    /// </summary>
    internal static async Task HoverUntilAsync(ILocator elements, Func<Task<bool>> shown, string what)
    {
        // Generous: on a loaded machine a live page's chart may redraw under the pointer for a while.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            for (var i = await elements.CountAsync() - 1; i >= 0; i--)
            {
                var element = elements.Nth(i);
                if (await element.BoundingBoxAsync() is not { Width: > 1, Height: > 1 } box)
                {
                    continue;
                }

                await element.Page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
                await Task.Delay(100);
                if (await shown())
                {
                    return;
                }
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Hovering the chart never showed {what}.");
    }

    /// <summary>
    /// The hostile client: a takeover loop between two IPs (a client ID conflict), then a session
    /// that ends with the hostile reason, then one online from the hostile peer; plus the
    /// javascript: and template IDs, and one mass disconnect.
    /// </summary>
    private static async Task SeedAsync(BrowserApp browser)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        for (var i = 0; i <= 5; i++)
        {
            var ip = i % 2 == 0 ? "10.66.0.2" : "10.66.0.3";
            if (i > 0)
            {
                var previous = i % 2 == 0 ? "10.66.0.3" : "10.66.0.2";
                await PublishDisconnectAsync(browser, HostileId, $"{previous}:{40000 + i - 1}", now + ((i - 1) * 100), now + (i * 100), "takenover");
            }

            await PublishConnectAsync(browser, HostileId, $"{ip}:{40000 + i}", now + (i * 100));
        }

        await PublishDisconnectAsync(browser, HostileId, "10.66.0.3:40005", now + 500, now + 5_000, HostileReason);
        await PublishConnectAsync(browser, HostileId, HostilePeer + ":1883", now + 10_000);
        await PublishConnectAsync(browser, JavascriptId, "10.66.1.1:1883", now);
        await PublishConnectAsync(browser, TemplateId, "10.66.1.2:1883", now);
        await RaiseIncidentAsync(browser);
        await Eventually.HoldsAsync(
            () => browser.App.GetClientsAsync("?state=all&pageSize=1000"),
            p => p.Items.Count(c => c.ClientId is HostileId or JavascriptId or TemplateId) == 3 && p.Items.Count(c => c.ClientId.StartsWith("hostile-fleet-", StringComparison.Ordinal)) == FleetSize,
            "the API lists the hostile clients and the fleet");
    }

    private Task RaiseIncidentAsync() => RaiseIncidentAsync(browser);

    /// <summary>A fleet connects and, within a second, every client drops with the hostile reason from the hostile node.</summary>
    private static async Task RaiseIncidentAsync(BrowserApp browser)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < FleetSize; i++)
        {
            await PublishConnectAsync(browser, $"hostile-fleet-{i:00}", $"10.67.0.{i + 1}:1883", now - 5_000 + i, FleetUser);
        }

        for (var i = 0; i < FleetSize; i++)
        {
            await PublishDisconnectAsync(browser, $"hostile-fleet-{i:00}", $"10.67.0.{i + 1}:1883", now - 5_000 + i, now - 1_000 + i, HostileReason, FleetUser, HostileNode);
        }
    }

    private static Task PublishConnectAsync(BrowserApp browser, string clientId, string peer, long connectedAt, string username = HostileUser)
    {
        var payload = JsonNode.Parse(Fixtures.Read("client_connected.json"))!;
        payload["clientid"] = clientId;
        payload["username"] = username;
        payload["peername"] = peer;
        payload["connected_at"] = connectedAt;
        payload["timestamp"] = connectedAt + 2;
        return browser.PublishAsync("client_connected", payload.ToJsonString());
    }

    private static Task PublishDisconnectAsync(
        BrowserApp browser, string clientId, string peer, long connectedAt, long disconnectedAt, string reason, string username = HostileUser, string? node = null)
    {
        var payload = JsonNode.Parse(Fixtures.Read("client_disconnected_takenover.json"))!;
        payload["clientid"] = clientId;
        payload["username"] = username;
        payload["peername"] = peer;
        payload["reason"] = reason;
        payload["connected_at"] = connectedAt;
        payload["disconnected_at"] = disconnectedAt;
        payload["timestamp"] = disconnectedAt + 2;
        if (node is not null)
        {
            payload["node"] = node;
        }

        return browser.PublishAsync("client_disconnected", payload.ToJsonString());
    }
}
