using Bunit;
using Dashboard.Actions;
using Dashboard.Components;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Maintenance;
using Dashboard.History;
using Dashboard.Maintenance;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.Components;

/// <summary>
/// The Maintenance page on a real SQLite history: windows in force, to come and past as text; operators plan
/// and end them (viewers see no controls); the page of past windows lives in the URL.
/// </summary>
public sealed class MaintenancePageTests : IAsyncLifetime
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    private readonly DashboardTestHost _host = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dashboard-maint-page-");
    private SqliteHistoryStore? _store;

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    private NavigationManager Navigation => _host.Context.Services.GetRequiredService<NavigationManager>();

    private IMaintenanceStore Windows => _store!.Maintenance;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_viewer_sees_the_windows_as_text_and_no_controls()
    {
        await HistoryAsync();
        await Windows.AddAsync(Window(Hostile, -30, 30, note: Hostile), CancellationToken.None);
        await Windows.AddAsync(Window("plant-4/*", 60, 120, note: "next"), CancellationToken.None);
        var over = await Windows.AddAsync(Window("plant-5/*", -120, 60, note: "old"), CancellationToken.None);
        await Windows.EndAsync(over.Id, Now.AddMinutes(-60), "lead", CancellationToken.None);
        var cut = await RenderAsync();

        cut.WaitForAssertion(() => Assert.Equal([Hostile], Targets(cut, "maintenance-active")), DashboardTestHost.Wait);
        Assert.Equal(["plant-4/*"], Targets(cut, "maintenance-upcoming"));
        Assert.Equal(["plant-5/*"], Targets(cut, "maintenance-past"));
        Assert.Equal(Hostile, cut.Find("[data-testid=maintenance-active] [data-testid=maintenance-row-note]").TextContent);
        Assert.Contains("by lead", cut.Find("[data-testid=maintenance-past] [data-testid=maintenance-row-ended]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("[data-testid=maintenance-form]"));
        Assert.Empty(cut.FindAll("[data-testid=maintenance-end]"));
    }

    [Fact]
    public async Task An_operator_plans_a_window_in_their_zone_sees_what_is_wrong_and_ends_it_early()
    {
        _host.SignInOperator();
        await HistoryAsync();
        var cut = await RenderAsync();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=maintenance-form]")), DashboardTestHost.Wait);

        // Nothing typed: the note and target are named, and nothing is planned.
        cut.Find("[data-testid=maintenance-create]").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=maintenance-error]").Count), DashboardTestHost.Wait);
        Assert.Contains(cut.FindAll("[data-testid=maintenance-error]"), e => e.TextContent.StartsWith("note", StringComparison.Ordinal));

        cut.Find("[data-testid=maintenance-target]").Change("plant-3/*");
        cut.Find("[data-testid=maintenance-note]").Change("Firmware 4.2");
        cut.Find("[data-testid=maintenance-to]").Change(Local(Now.AddHours(2)));
        cut.Find("[data-testid=maintenance-create]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["plant-3/*"], Targets(cut, "maintenance-active")), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=maintenance-error]"));
        var stored = Assert.Single(await Windows.ListEndingAfterAsync(Now, 10, CancellationToken.None));
        Assert.Equal(("ops", Now.AddHours(2), "Firmware 4.2"), (stored.CreatedBy, stored.To, stored.Note));

        cut.Find("[data-testid=maintenance-end]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["plant-3/*"], Targets(cut, "maintenance-past")), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=maintenance-active] [data-testid=maintenance-row]"));
        var audit = await _host.Actions.GetAuditAsync(Now.AddDays(-1), Now.AddDays(1), 10, CancellationToken.None);
        Assert.Equal([MaintenanceService.EndAction, MaintenanceService.CreateAction], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task The_page_of_past_windows_is_in_the_url_and_back_returns_to_the_first()
    {
        await HistoryAsync();
        for (var i = 0; i < 30; i++)
        {
            await Windows.AddAsync(Window($"old-{i:D2}/*", -1000 + i, -900 + i), CancellationToken.None);
        }

        var cut = await RenderAsync();
        cut.WaitForAssertion(() => Assert.Equal(25, Targets(cut, "maintenance-past").Count), DashboardTestHost.Wait);
        Assert.Equal("old-29/*", Targets(cut, "maintenance-past")[0]);

        cut.Find("[data-testid=maintenance-older]").Click();
        cut.WaitForAssertion(() => Assert.Equal(5, Targets(cut, "maintenance-past").Count), DashboardTestHost.Wait);
        Assert.EndsWith("/maintenance?page=2", Navigation.Uri, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=maintenance-older]"));

        var history = ((Bunit.TestDoubles.BunitNavigationManager)Navigation).History.Select(h => h.Uri).ToList();
        await cut.InvokeAsync(() => Navigation.NavigateTo(history[1]));
        cut.WaitForAssertion(() => Assert.Equal("old-29/*", Targets(cut, "maintenance-past")[0]), DashboardTestHost.Wait);

        // A page that does not read falls back to the first.
        await cut.InvokeAsync(() => Navigation.NavigateTo("maintenance?page=-4"));
        cut.WaitForAssertion(() => Assert.Equal(25, Targets(cut, "maintenance-past").Count), DashboardTestHost.Wait);
    }

    [Fact]
    public async Task With_history_off_the_page_says_why_there_are_no_windows()
    {
        _host.SignInOperator();
        RegisterService(new DisabledHistoryStore());
        Navigation.NavigateTo("maintenance");
        var cut = _host.Context.Render<Routes>();

        cut.WaitForAssertion(() => Assert.Contains("history is off", cut.Find("[data-testid=maintenance-unavailable]").TextContent, StringComparison.OrdinalIgnoreCase), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=maintenance-form]"));
        await Task.CompletedTask;
    }

    private static List<string> Targets(IRenderedComponent<Routes> cut, string table) =>
        [.. cut.FindAll($"[data-testid={table}] [data-testid=maintenance-row-target]").Select(t => t.TextContent)];

    private static string Local(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private MaintenanceWindow Window(string target, int fromMinutes, int toMinutes, string note = "work") =>
        new(0, MaintenanceScope.ClientIdPattern, target, Now.AddMinutes(fromMinutes), Now.AddMinutes(toMinutes), note, "ops", Now.AddDays(-1));

    private async Task HistoryAsync()
    {
        _store = new SqliteHistoryStore($"Data Source={Path.Combine(_folder.FullName, "history.db")}");
        await _store.InitializeAsync(CancellationToken.None);
        _host.Context.Services.AddSingleton<IHistoryStore>(_store);
    }

    private MaintenanceService RegisterService(IHistoryStore store)
    {
        var groups = new StaticDeviceGroups(GroupMatcher.None);
        var service = new MaintenanceService(
            store,
            new MaintenanceCalendar(groups),
            groups,
            new AuditLog(_host.Actions, NullLogger<AuditLog>.Instance),
            _host.Time,
            NullLogger<MaintenanceService>.Instance);
        _host.Context.Services.AddSingleton(service);
        return service;
    }

    private async Task<IRenderedComponent<Routes>> RenderAsync()
    {
        await RegisterService(_store!).ReloadAsync(CancellationToken.None);
        Navigation.NavigateTo("maintenance");
        return _host.Context.Render<Routes>();
    }
}
