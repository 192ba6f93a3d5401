using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Actions;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>The Audit page's filters and page live in its URL: a link opens them, a choice navigates, back restores.</summary>
public sealed class AuditPageUrlTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    private NavigationManager Navigation => _host.Context.Services.GetRequiredService<NavigationManager>();

    public async Task InitializeAsync()
    {
        // 60 kicks by "ops" (kick-00 oldest), then 3 acknowledgements by "alice", one of them failed.
        for (var i = 0; i < 60; i++)
        {
            await Append(new AuditEntry(Now.AddMinutes(-100 + i), "ops", "operator", "kick", $"kick-{i:D2}", "success", null));
        }

        await Append(new AuditEntry(Now.AddMinutes(-3), "alice", "operator", "acknowledge", "flapping plant-3/a", "success", "firmware"));
        await Append(new AuditEntry(Now.AddMinutes(-2), "alice", "operator", "acknowledge", "flapping plant-3/b", "failure", null));
        await Append(new AuditEntry(Now.AddMinutes(-1), "alice", "operator", "acknowledge", "clientid-conflict x", "success", null));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void A_pasted_link_opens_the_same_filtered_page()
    {
        Navigation.NavigateTo("audit?action=acknowledge&q=PLANT-3");

        var cut = _host.Context.Render<Audit>();

        Assert.Equal(["flapping plant-3/b", "flapping plant-3/a"], Targets(cut));
        Assert.StartsWith("2 of 63 rows", cut.Find("[data-testid=audit-count]").TextContent, StringComparison.Ordinal);

        cut.InvokeAsync(() => Navigation.NavigateTo("audit?actor=ops&page=2"));
        cut.WaitForAssertion(() => Assert.Equal(10, Targets(cut).Count), DashboardTestHost.Wait);
        Assert.Equal("kick-09", Targets(cut)[0]);

        // Values that do not read fall back: the first page of every row; a search is only ever text.
        cut.InvokeAsync(() => Navigation.NavigateTo("audit?page=-4&outcome=%20&q=%3Cimg%20src%3Dx%3E"));
        cut.WaitForAssertion(() => Assert.Contains("No row matches", cut.Find("[data-testid=no-audit]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("img"));
        cut.InvokeAsync(() => Navigation.NavigateTo("audit?page=x"));
        cut.WaitForAssertion(() => Assert.Equal(50, Targets(cut).Count), DashboardTestHost.Wait);
        Assert.Equal("clientid-conflict x", Targets(cut)[0]);
    }

    [Fact]
    public void Filters_and_pages_navigate_and_back_restores_the_previous_view()
    {
        Navigation.NavigateTo("audit");
        var cut = _host.Context.Render<Audit>();
        Assert.Equal(50, Targets(cut).Count);

        // Page 2, then a filter from the first page: each a new history entry.
        cut.FindAll("[data-testid=audit-pages] button").Single(b => b.TextContent.Trim() == "2").Click();
        cut.WaitForAssertion(() => Assert.Equal(13, Targets(cut).Count), DashboardTestHost.Wait);
        Assert.EndsWith("/audit?page=2", Navigation.Uri, StringComparison.Ordinal);

        // Typed text waits for the box's debounce (MudBlazor's, on the app's clock).
        cut.Find("input[data-testid=audit-actor-filter]").Input("alice");
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal(3, Targets(cut).Count), DashboardTestHost.Wait);
        Assert.EndsWith("/audit?actor=alice", Navigation.Uri, StringComparison.Ordinal);

        // Typing replaced the entry it was on; back goes to the first page (the browser's earlier URL).
        var history = ((Bunit.TestDoubles.BunitNavigationManager)Navigation).History.Select(h => h.Uri).ToList();
        cut.InvokeAsync(() => Navigation.NavigateTo(history[^1]));
        cut.WaitForAssertion(() => Assert.Equal(50, Targets(cut).Count), DashboardTestHost.Wait);
        Assert.Equal(string.Empty, cut.Find("input[data-testid=audit-actor-filter]").GetAttribute("value") ?? string.Empty);
    }

    private static List<string> Targets(IRenderedComponent<Audit> cut) => [.. cut.FindAll("[data-testid=audit-target]").Select(t => t.TextContent)];

    private Task Append(AuditEntry entry) => _host.Actions.AppendAuditAsync(entry, CancellationToken.None);
}
