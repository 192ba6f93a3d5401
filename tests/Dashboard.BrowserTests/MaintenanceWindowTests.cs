using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// Demo mode's simulated fleet and its two scheduled walls. The credentials rotation: every 30 s half the devices
/// (sim-rotation-*) come back with a stale password for a few seconds, a fleet incident of refusals. The mass
/// disconnect: every 45 s half the devices (sim-outage-*) go dark at once and are timed out (keepalive_timeout),
/// a mass-disconnect incident. Planned as maintenance (through the API, or on the Maintenance page), a wall raises
/// nothing and the page and the Overview show the window; ended on the page, the next wall raises the incident.
/// </summary>
public sealed class MaintenanceWindowTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly string _home = Directory.CreateTempSubdirectory("chromium-home-").FullName;
    private readonly string _history = Directory.CreateTempSubdirectory("dashboard-maint-browser-").FullName;
    private DashboardApp? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserApp.LaunchChromiumAsync(_playwright, _home);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_home, recursive: true);
        Directory.Delete(_history, recursive: true);
    }

    [Fact]
    public async Task A_window_on_the_fleet_suppresses_the_rotations_incident_and_once_ended_on_the_page_the_next_one_raises_it()
    {
        await StartDemoAsync(new()
        {
            ["Demo:CredentialsRotationPercent"] = "50",
            ["Demo:CredentialsRotationEverySeconds"] = "30",
            ["Demo:CredentialsRotationSeconds"] = "4",
            ["Demo:MassDisconnectPercent"] = "0",
            ["Conflicts:RefusedClients"] = "2",
        });
        using var http = _app!.CreateClient();

        // Planned before the first rotation (30 s after the fleet starts), so no refusal of it falls outside the window.
        var planned = DateTimeOffset.UtcNow;
        using (var created = await http.PostAsJsonAsync("/api/maintenance", new { scope = "clientIdPattern", target = "sim-*", from = planned.ToString("O"), to = planned.AddHours(1).ToString("O"), note = "credentials rotation" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var context = await _browser!.NewContextAsync(new() { BaseURL = _app.BaseAddress.ToString(), ViewportSize = new() { Width = 1600, Height = 1000 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await BrowserApp.GotoLiveAsync(page, "/");
        await Assertions.Expect(page.Locator("[data-testid=maintenance-in-force-line]")).ToContainTextAsync("planned maintenance: sim-* until ", new() { Timeout = 15_000 });

        // A whole rotation inside the window: several devices refused, and no incident.
        await RotationRefusedAfterAsync(http, planned, "the first rotation's refusals arrived");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(await IncidentsAsync(http));

        var ended = await EndOnThePageAsync(page, "sim-*");

        // The next rotation, unplanned now, is a fleet incident.
        var incidents = await Eventually.HoldsAsync(() => IncidentsAsync(http), i => i.Length > 0, "the next rotation raised an incident", Patience);
        Assert.All(incidents, i => Assert.True(DateTimeOffset.Parse(i.GetProperty("firstSeen").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= ended.AddSeconds(-1)));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_window_planned_on_the_page_suppresses_the_mass_disconnects_incident_and_once_ended_the_next_one_raises_it()
    {
        await StartDemoAsync(new()
        {
            ["Demo:CredentialsRotationPercent"] = "0",
            ["Demo:MassDisconnectPercent"] = "50",
            ["Demo:MassDisconnectEverySeconds"] = "45",
            ["Demo:MassDisconnectSeconds"] = "10",
            ["Conflicts:MassDisconnectClients"] = "3",
        });
        using var http = _app!.CreateClient();
        var context = await _browser!.NewContextAsync(new() { BaseURL = _app.BaseAddress.ToString(), ViewportSize = new() { Width = 1600, Height = 1000 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        // An operator plans the site's outage on the Maintenance page, before the first one (45 s after the fleet starts):
        // from this minute, for an hour (the form's defaults).
        await BrowserApp.GotoLiveAsync(page, "/maintenance");
        await page.Locator("[data-testid=maintenance-target]").FillAsync("sim-outage-*");
        await page.Locator("[data-testid=maintenance-note]").FillAsync("site power-down");
        await page.Locator("[data-testid=maintenance-create]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=maintenance-active] [data-testid=maintenance-row-target]")).ToHaveTextAsync(["sim-outage-*"]);
        await BrowserApp.GotoLiveAsync(page, "/");
        await Assertions.Expect(page.Locator("[data-testid=maintenance-in-force-line]")).ToContainTextAsync("planned maintenance: sim-outage-* until ");

        // The whole wave inside the window: every outage device timed out, and no incident, on the wallboard either.
        await OutageTimedOutAsync(http, "the first mass disconnect happened");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(await MassDisconnectsAsync(http));
        var wallboard = await context.NewPageAsync();
        await BrowserApp.GotoLiveAsync(wallboard, "/wallboard");
        await Assertions.Expect(wallboard.Locator("[data-testid=wb-incidents-count]")).ToHaveTextAsync("0");
        await Assertions.Expect(wallboard.Locator("[data-testid=wallboard]")).ToContainTextAsync("planned maintenance: sim-outage-* until ");

        // Without the window, the same schedule's next wave is a mass-disconnect incident, on the wallboard too.
        var ended = await EndOnThePageAsync(page, "sim-outage-*");
        var incidents = await Eventually.HoldsAsync(() => MassDisconnectsAsync(http), i => i.Length > 0, "the next mass disconnect raised an incident", Patience);
        Assert.All(incidents, i => Assert.True(DateTimeOffset.Parse(i.GetProperty("firstSeen").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= ended.AddSeconds(-1)));
        await Assertions.Expect(wallboard.Locator("[data-testid=wb-incident]").First).ToContainTextAsync("Mass disconnect", new() { Timeout = 15_000 });
        await Assertions.Expect(wallboard.Locator("[data-testid=wb-incident]").First).ToContainTextAsync("keepalive_timeout");
        await context.CloseAsync();
    }

    /// <summary>Demo mode with a fleet of ten and history on (maintenance windows are stored there), plus the test's own settings.</summary>
    private async Task StartDemoAsync(Dictionary<string, string?> overrides)
    {
        var settings = DashboardApp.DemoSettings(FreePort.Next());
        settings["Demo:FleetSize"] = "10";
        settings["History:Provider"] = "sqlite";
        settings["History:DataDirectory"] = _history;
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        _app = new DashboardApp(settings);
        await _app.StartAsync();
    }

    /// <summary>Ends the one window in force on the Maintenance page (Auth:Mode none: the local admin); it shows as past. Returns when it was ended.</summary>
    private static async Task<DateTimeOffset> EndOnThePageAsync(IPage page, string target)
    {
        await BrowserApp.GotoLiveAsync(page, "/maintenance");
        await Assertions.Expect(page.Locator("[data-testid=maintenance-active] [data-testid=maintenance-row-target]")).ToHaveTextAsync([target]);
        var ended = DateTimeOffset.UtcNow;
        await page.Locator("[data-testid=maintenance-end]").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=maintenance-past] [data-testid=maintenance-row-target]")).ToHaveTextAsync([target], new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=maintenance-past] [data-testid=maintenance-row-ended]")).ToContainTextAsync("by local");
        return ended;
    }

    private static async Task<JsonElement[]> MassDisconnectsAsync(HttpClient http) =>
        [.. (await IncidentsAsync(http)).Where(i => i.GetProperty("reason").GetString() == "keepalive_timeout")];

    /// <summary>Waits until at least four of the five outage devices are offline, timed out.</summary>
    private static Task<JsonElement> OutageTimedOutAsync(HttpClient http, string what) => Eventually.HoldsAsync(
        async () => await http.GetFromJsonAsync<JsonElement>("/api/clients?state=offline&q=sim-outage-&reason=keepalive_timeout"),
        page => page.GetProperty("total").GetInt32() >= 4,
        what,
        Patience);

    private static async Task<JsonElement[]> IncidentsAsync(HttpClient http) => (await http.GetFromJsonAsync<JsonElement[]>("/api/incidents"))!;

    private static Task<string[]> RotationRefusedAfterAsync(HttpClient http, DateTimeOffset after, string what) => Eventually.HoldsAsync(
        async () => (await http.GetFromJsonAsync<JsonElement[]>($"/api/refused?from={Uri.EscapeDataString(after.ToString("O"))}&limit=10000"))!
            .Select(r => r.GetProperty("clientId").GetString()!)
            .Where(id => id.StartsWith("sim-rotation-", StringComparison.Ordinal))
            .Distinct()
            .ToArray(),
        ids => ids.Length >= 4,
        what,
        Patience);
}
