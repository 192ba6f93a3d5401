using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// Demo mode's simulated fleet, and its credentials rotation: every 30 s half the devices (sim-rotation-*) come
/// back with a stale password for a few seconds, a wall of refusals that is a fleet incident (more than two
/// clients refused with one code). Planned as maintenance on <c>sim-*</c>, the wall raises nothing; the page
/// and the Overview show the window; ended on the page, the next wall raises the incident.
/// </summary>
public sealed class MaintenanceWindowTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly string _home = Directory.CreateTempSubdirectory("chromium-home-").FullName;
    private readonly string _history = Directory.CreateTempSubdirectory("dashboard-maint-browser-").FullName;
    private DashboardApp _app = null!;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        var settings = DashboardApp.DemoSettings(FreePort.Next());
        settings["Demo:FleetSize"] = "10";
        settings["Demo:CredentialsRotationPercent"] = "50";
        settings["Demo:CredentialsRotationEverySeconds"] = "30";
        settings["Demo:CredentialsRotationSeconds"] = "4";
        settings["Conflicts:RefusedClients"] = "2";
        settings["History:Provider"] = "sqlite";
        settings["History:DataDirectory"] = _history;
        _app = new DashboardApp(settings);
        await _app.StartAsync();
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
        await _app.DisposeAsync();
        Directory.Delete(_home, recursive: true);
        Directory.Delete(_history, recursive: true);
    }

    [Fact]
    public async Task A_window_on_the_fleet_suppresses_the_rotations_incident_and_once_ended_on_the_page_the_next_one_raises_it()
    {
        using var http = _app.CreateClient();

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

        // Ended by an operator on the page (Auth:Mode none: the local admin), it is over and shows as past.
        await BrowserApp.GotoLiveAsync(page, "/maintenance");
        await Assertions.Expect(page.Locator("[data-testid=maintenance-active] [data-testid=maintenance-row-target]")).ToHaveTextAsync(["sim-*"]);
        var ended = DateTimeOffset.UtcNow;
        await page.Locator("[data-testid=maintenance-end]").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=maintenance-past] [data-testid=maintenance-row-target]")).ToHaveTextAsync(["sim-*"], new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=maintenance-past] [data-testid=maintenance-row-ended]")).ToContainTextAsync("by local");

        // The next rotation, unplanned now, is a fleet incident.
        var incidents = await Eventually.HoldsAsync(() => IncidentsAsync(http), i => i.Length > 0, "the next rotation raised an incident", Patience);
        Assert.All(incidents, i => Assert.True(DateTimeOffset.Parse(i.GetProperty("firstSeen").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= ended.AddSeconds(-1)));
        await context.CloseAsync();
    }

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
