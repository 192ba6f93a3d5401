using Bunit;
using Dashboard.Components;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Groups;
using Dashboard.Core.Maintenance;
using MudBlazor;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>The Conflicts page's filters, sort and page live in its URL; and a page of 10,000 findings is one page, not 10,000 rows.</summary>
public sealed class ConflictsPageUrlTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    private NavigationManager Navigation => _host.Context.Services.GetRequiredService<NavigationManager>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void A_pasted_link_opens_the_same_filtered_sorted_page()
    {
        // "few" swaps 3 times, "many" 9 times (critical), "other" 4 times.
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "few", 3));
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "many", 9));
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "other", 4));
        Navigation.NavigateTo("conflicts?q=E&sort=count&order=asc");

        var cut = _host.Context.Render<Routes>();

        // Client IDs containing "e" in any case, fewest first.
        cut.WaitForAssertion(() => Assert.Equal(["few", "other"], Clients(cut)), DashboardTestHost.Wait);
        Assert.Equal("↑", cut.Find("[data-testid=sort-count]").TextContent[^1..]);

        cut.InvokeAsync(() => Navigation.NavigateTo("conflicts?severity=critical"));
        cut.WaitForAssertion(() => Assert.Equal(["many"], Clients(cut)), DashboardTestHost.Wait);

        // Values that do not read fall back to the defaults: all active findings, most severe first.
        cut.InvokeAsync(() => Navigation.NavigateTo("conflicts?state=bogus&kind=nope&severity=x&sort=%3Cscript%3E&order=maybe&page=-3"));
        cut.WaitForAssertion(() => Assert.Equal(["many", "other", "few"], Clients(cut)), DashboardTestHost.Wait);
    }

    [Fact]
    public void Sorting_and_filtering_navigate_and_back_returns_to_the_previous_view()
    {
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "few", 3));
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "many", 9));
        Navigation.NavigateTo("conflicts");
        var cut = _host.Context.Render<Routes>();
        cut.WaitForAssertion(() => Assert.Equal(["many", "few"], Clients(cut)), DashboardTestHost.Wait);

        // Sorting by client ID is a new history entry with the sort in the URL, defaults left out.
        cut.Find("[data-testid=sort-client]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["few", "many"], Clients(cut)), DashboardTestHost.Wait);
        Assert.EndsWith("/conflicts?sort=client", Navigation.Uri, StringComparison.Ordinal);

        // Clicking it again reverses it.
        cut.Find("[data-testid=sort-client]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["many", "few"], Clients(cut)), DashboardTestHost.Wait);
        Assert.EndsWith("/conflicts?sort=client&order=desc", Navigation.Uri, StringComparison.Ordinal);

        // Back, twice (the browser goes to the earlier entries' URLs; bUnit keeps them newest first): the view follows.
        var history = ((Bunit.TestDoubles.BunitNavigationManager)Navigation).History.Select(h => h.Uri).ToList();
        Assert.Equal(3, history.Count);
        cut.InvokeAsync(() => Navigation.NavigateTo(history[1]));
        cut.WaitForAssertion(() => Assert.Equal(["few", "many"], Clients(cut)), DashboardTestHost.Wait);
        cut.InvokeAsync(() => Navigation.NavigateTo(history[2]));
        cut.WaitForAssertion(() => Assert.Equal(["many", "few"], Clients(cut)), DashboardTestHost.Wait);
        Assert.Equal("sort", cut.Find("[data-testid=sort-client]").GetAttribute("class"));
        Assert.Equal("sort sorted", cut.Find("[data-testid=sort-severity]").GetAttribute("class"));
        Assert.Equal(["descending", "none", "none", "none", "none"], cut.FindAll("th[aria-sort]").Select(th => th.GetAttribute("aria-sort")));
    }

    [Fact]
    public void Ten_thousand_findings_render_one_page_of_fifty_and_page_through_the_url()
    {
        // 10,000 client IDs each shared by two devices: 10,000 active findings. How fast a page reads is
        // measured by bench/ (conflicts-page), not here.
        for (var i = 0; i < 10_000; i++)
        {
            _host.Conflicts.Apply(TestEvents.Swaps(Now, $"dev-{i:D5}", 3 + (i % 7)));
        }

        Navigation.NavigateTo("conflicts?sort=client");

        var cut = _host.Context.Render<Routes>();
        cut.WaitForAssertion(() => Assert.Equal(50, cut.FindAll("[data-testid=finding]").Count), DashboardTestHost.Wait);
        Assert.Equal("10000 active", cut.Find("[data-testid=findings-count]").TextContent);
        Assert.Equal("dev-00000", Clients(cut)[0]);
        Assert.Equal("1–50 of 10,000", cut.Find("[data-testid=findings-page-text]").TextContent.Trim());

        // Page 3 by URL, as pagination navigates.
        cut.InvokeAsync(() => Navigation.NavigateTo("conflicts?sort=client&page=3"));
        cut.WaitForAssertion(() => Assert.Equal("dev-00100", Clients(cut)[0]), DashboardTestHost.Wait);
        Assert.Equal("101–150 of 10,000", cut.Find("[data-testid=findings-page-text]").TextContent.Trim());
    }

    [Fact]
    public async Task A_group_in_the_link_narrows_the_findings_the_select_navigates_and_a_conflict_in_a_window_is_tagged()
    {
        // A detector whose calendar has plant-3/* under maintenance now: its conflict is found and marked.
        var calendar = new MaintenanceCalendar(new StaticDeviceGroups(GroupMatcher.None));
        calendar.Replace([new MaintenanceWindow(1, MaintenanceScope.ClientIdPattern, "plant-3/*", Now.AddHours(-1), Now.AddHours(1), "rollout", "ops", Now.AddHours(-2))]);
        var conflicts = new Dashboard.Conflicts.ConflictService(new ConflictDetector(new ConflictOptions(), calendar), _host.Notifier, _host.Time);
        _host.Context.Services.AddSingleton(conflicts);
        _host.Context.Services.AddSingleton(DashboardTestHost.NewAcknowledgements(conflicts, _host.Actions, _host.Time));
        _host.Context.Services.AddSingleton<IDeviceGroups>(new StaticDeviceGroups(new GroupMatcher(
        [
            DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!,
            DeviceGroup.TryCreate("plant-4", "plant-4/*", null, null, out _)!,
        ])));
        conflicts.Apply(TestEvents.Swaps(Now, "plant-3/a", 4));
        conflicts.Apply(TestEvents.Swaps(Now, "plant-4/a", 4));
        Navigation.NavigateTo("conflicts?group=plant-3");

        var cut = _host.Context.Render<Routes>();

        cut.WaitForAssertion(() => Assert.Equal(["plant-3/a"], Clients(cut)), DashboardTestHost.Wait);
        Assert.Equal("during maintenance", cut.Find("[data-testid=finding-maintenance]").TextContent.Trim());

        var select = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Group");
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("plant-4"));
        cut.WaitForAssertion(() => Assert.Equal(["plant-4/a"], Clients(cut)), DashboardTestHost.Wait);
        Assert.EndsWith("/conflicts?group=plant-4", Navigation.Uri, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=finding-maintenance]"));

        // An unknown group reads as none: every finding.
        await cut.InvokeAsync(() => Navigation.NavigateTo("conflicts?group=plant-9"));
        cut.WaitForAssertion(() => Assert.Equal(2, Clients(cut).Count), DashboardTestHost.Wait);
    }

    private static List<string> Clients(IRenderedComponent<Routes> cut) =>
        [.. cut.FindAll("[data-testid=finding]").Select(f => f.GetAttribute("data-client")!)];
}
