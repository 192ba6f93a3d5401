using Bunit;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Controls.Maintenance;
using Dashboard.Components.Pages;
using Dashboard.Core.Maintenance;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>The windows in force on the Overview and the wallboard: "planned maintenance: plant-3 until 14:00", in the viewer's zone.</summary>
public sealed class MaintenanceInForceTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private MaintenanceWindow Window(long id, string target, int fromMinutes, int toMinutes, MaintenanceScope scope = MaintenanceScope.Group) =>
        new(id, scope, target, Now.AddMinutes(fromMinutes), Now.AddMinutes(toMinutes), "work", "ops", Now.AddDays(-1));

    [Fact]
    public void The_wallboard_says_which_window_is_in_force_until_when_in_the_viewers_zone()
    {
        // The host's clock is 12:00 UTC; Tokyo is 9 hours ahead. The upcoming and the past window are not shown.
        _host.Maintenance.Replace([Window(1, "plant-3", -60, 120), Window(2, "plant-9", 30, 60), Window(3, "plant-0", -120, -60)]);
        _host.Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/wallboard");
        var tokyo = ViewerSettings.FindZone("Asia/Tokyo")!;

        var cut = _host.Context.Render<Wallboard>(p => p.AddCascadingValue(new ViewerSettings(tokyo, null)));

        Assert.Equal(["planned maintenance: plant-3 until 23:00"], cut.FindAll("[data-testid=maintenance-in-force-line]").Select(l => l.TextContent));
    }

    [Fact]
    public void The_overview_shows_none_then_a_new_window_at_once_with_a_hostile_pattern_as_text()
    {
        var cut = _host.Context.Render<Overview>();
        Assert.Empty(cut.FindAll("[data-testid=maintenance-in-force]"));

        _host.Maintenance.Replace([Window(1, "<img src=x onerror=alert(1)>*", -1, 60 * 30, MaintenanceScope.ClientIdPattern)]);

        cut.WaitForAssertion(
            () => Assert.Equal("planned maintenance: <img src=x onerror=alert(1)>* until 2 May 18:00", cut.Find("[data-testid=maintenance-in-force-line]").TextContent),
            DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("img"));
    }

    [Fact]
    public void A_window_ended_early_shows_its_early_end_and_drops_off_once_over()
    {
        var window = Window(1, "plant-3", -60, 120) with { EndedAt = Now.AddMinutes(30), EndedBy = "lead" };
        _host.Maintenance.Replace([window]);

        var cut = _host.Context.Render<MaintenanceInForce>(p => p.Add(c => c.Now, Now));
        Assert.Equal("planned maintenance: plant-3 until 12:30", cut.Find("[data-testid=maintenance-in-force-line]").TextContent);

        cut.Render(p => p.Add(c => c.Now, Now.AddMinutes(30)));
        Assert.Empty(cut.FindAll("[data-testid=maintenance-in-force]"));
    }
}
