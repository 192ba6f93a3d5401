using AngleSharp.Dom;
using Bunit;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Components.Pages;
using Dashboard.Core.Groups;
using Dashboard.Core.Live;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Tests.Components;

public sealed class ClientsPageTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Renders_rows_from_live_state_with_peer_and_total()
    {
        _host.Apply(
            TestEvents.Connected("sensor-1", Now.AddSeconds(-30), "10.0.0.1", 50001, "alice"),
            TestEvents.Connected("sensor-2", Now.AddSeconds(-20), "2001:db8::1", 50002, protoVer: 4),
            TestEvents.Connected("gateway-7", Now.AddSeconds(-10), "192.168.1.7", 41000));

        var cut = _host.Context.Render<Clients>();

        cut.WaitForAssertion(() => Assert.Equal(["gateway-7", "sensor-2", "sensor-1"], ClientIds(cut)), DashboardTestHost.Wait);
        Assert.Equal("3", cut.Find("[data-testid=client-total]").TextContent);
        var peers = cut.FindAll("[data-testid=client-peer]").Select(e => e.TextContent).ToArray();
        Assert.Equal(["192.168.1.7:41000", "[2001:db8::1]:50002", "10.0.0.1:50001"], peers);
        Assert.Contains("alice", cut.FindAll("[data-testid=client-username]").Select(e => e.TextContent));
        Assert.Contains(cut.FindAll("td"), td => td.TextContent.Trim() == "3.1.1");
        Assert.Equal("20 s ago", cut.FindAll("[data-testid=connected-since]")[1].TextContent);
        Assert.Equal("2025-05-01T11:59:40.000Z", cut.FindAll("[data-testid=connected-since]")[1].GetAttribute("title"));
    }

    [Fact]
    public async Task Rerenders_on_notification_and_keeps_the_search()
    {
        _host.Apply(
            TestEvents.Connected("sensor-1", Now.AddSeconds(-30)),
            TestEvents.Connected("sensor-2", Now.AddSeconds(-20)),
            TestEvents.Connected("gateway-1", Now.AddSeconds(-10)));
        var cut = RenderAt("/clients");
        cut.WaitForAssertion(() => Assert.Equal(3, ClientIds(cut).Length), DashboardTestHost.Wait);

        await TypeSearchAsync(cut, "sensor");
        cut.WaitForAssertion(() => Assert.Equal(["sensor-2", "sensor-1"], ClientIds(cut)), DashboardTestHost.Wait);
        Assert.Equal("2", cut.Find("[data-testid=client-total]").TextContent);
        Assert.EndsWith("/clients?q=sensor", Navigation.Uri, StringComparison.Ordinal);

        // Marked but not yet published: the page must not have re-read anything.
        _host.Apply(TestEvents.Connected("sensor-3", Now), TestEvents.Connected("gateway-2", Now));
        Assert.Equal(["sensor-2", "sensor-1"], ClientIds(cut));

        await _host.Notifier.PublishPendingAsync();

        cut.WaitForAssertion(() => Assert.Equal(["sensor-3", "sensor-2", "sensor-1"], ClientIds(cut)), DashboardTestHost.Wait);
        Assert.DoesNotContain("gateway-2", ClientIds(cut));
        Assert.Equal("3", cut.Find("[data-testid=client-total]").TextContent);
        Assert.Equal("sensor", cut.Find(".client-search input").GetAttribute("value"));
    }

    [Fact]
    public async Task Keeps_page_page_size_and_sort_across_notifications()
    {
        var events = Enumerable.Range(1, 60)
            .Select(i => TestEvents.Connected($"c{i:000}", Now.AddSeconds(i - 61), port: 40000 + i))
            .ToArray();
        _host.Apply(events);
        var cut = RenderAt("/clients?sort=clientId&order=asc&pageSize=25&page=2");
        string[] secondPage = [.. Enumerable.Range(26, 25).Select(i => $"c{i:000}")];
        cut.WaitForAssertion(() => Assert.Equal(secondPage, ClientIds(cut)), DashboardTestHost.Wait);
        Assert.Equal("26–50 of 60", cut.Find("[data-testid=page-range]").TextContent);

        // A client that sorts first by ID (but last by connect time) shifts page two by one; a
        // reload that lost the sort, page or page size would show something else entirely.
        await _host.ApplyAndNotifyAsync(TestEvents.Connected("a-new", Now.AddMinutes(-5)));

        string[] shifted = [.. Enumerable.Range(25, 25).Select(i => $"c{i:000}")];
        cut.WaitForAssertion(() => Assert.Equal(shifted, ClientIds(cut)), DashboardTestHost.Wait);
        Assert.Equal("61", cut.Find("[data-testid=client-total]").TextContent);

        // The page's own re-render (its relative-time tick) keeps them too.
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        await _host.ApplyAndNotifyAsync(TestEvents.Connected("c999", Now));
        cut.WaitForAssertion(() => Assert.Equal("62", cut.Find("[data-testid=client-total]").TextContent), DashboardTestHost.Wait);
        Assert.Equal(shifted, ClientIds(cut));
    }

    [Fact]
    public async Task New_search_starts_from_the_first_page()
    {
        _host.Apply([.. Enumerable.Range(1, 30).Select(i => TestEvents.Connected($"c{i:000}", Now.AddSeconds(-i)))]);
        var cut = RenderAt("/clients?pageSize=25&page=2");
        cut.WaitForAssertion(() => Assert.Equal(5, ClientIds(cut).Length), DashboardTestHost.Wait);

        await TypeSearchAsync(cut, "c00");

        cut.WaitForAssertion(() => Assert.Equal(9, ClientIds(cut).Length), DashboardTestHost.Wait);
        Assert.EndsWith("/clients?pageSize=25&q=c00", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Offline_filter_shows_when_and_why_clients_left()
    {
        var connected = TestEvents.Connected("meter-9", Now.AddMinutes(-10));
        _host.Apply(connected, TestEvents.Connected("meter-1", Now.AddMinutes(-5)));
        _host.Apply(TestEvents.Disconnected(connected, Now.AddMinutes(-3), "keepalive_timeout"));
        var cut = RenderAt("/clients");
        cut.WaitForAssertion(() => Assert.Equal(["meter-1"], ClientIds(cut)), DashboardTestHost.Wait);

        cut.FindAll(".state-filter button").Single(b => b.TextContent.Contains("Offline", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.Equal(["meter-9"], ClientIds(cut)), DashboardTestHost.Wait);
        Assert.EndsWith("/clients?state=offline", Navigation.Uri, StringComparison.Ordinal);
        Assert.Equal("offline since 3 min ago", cut.Find("[data-testid=offline-since]").TextContent);
        Assert.Equal("keepalive_timeout", cut.Find("[data-testid=client-reason]").TextContent);
        Assert.Contains("client-offline", cut.Find("tr.client-row").ClassName);
    }

    [Fact]
    public void A_pasted_link_opens_the_same_filtered_sorted_list()
    {
        ApplyFleet();

        var cut = RenderAt("/clients?state=all&node=emqx%40b&keepaliveMin=60&sort=keepalive&order=asc");

        cut.WaitForAssertion(() => Assert.Equal(["d-2", "d-4", "d-3", "d-5"], ClientIds(cut)), DashboardTestHost.Wait);
        Assert.Equal("emqx@b", cut.Find("input[data-testid=filter-node]").GetAttribute("value"));
        Assert.Equal("60", cut.Find("input[data-testid=filter-keepalive-min]").GetAttribute("value"));
        Assert.Equal("ascending", cut.Find("[data-testid=sort-keepalive]").GetAttribute("data-sort"));
        Assert.Null(cut.Find("[data-testid=sort-clientId]").GetAttribute("data-sort"));
        Assert.EndsWith(
            "api/clients/export?state=all&node=emqx%40b&keepaliveMin=60&sort=keepalive&order=asc&format=csv",
            cut.Find("[data-testid=export-csv]").GetAttribute("href"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sorting_and_filtering_are_new_history_entries_that_back_and_forward_replay()
    {
        ApplyFleet();
        var cut = RenderAt("/clients?state=all");
        string[] newestFirst = ["d-5", "d-4", "d-3", "d-2", "d-1"];
        cut.WaitForAssertion(() => Assert.Equal(newestFirst, ClientIds(cut)), DashboardTestHost.Wait);
        var start = Navigation.Uri;

        // The header is a link to the sorted list, as a browser would follow it.
        await cut.InvokeAsync(() => Navigation.NavigateTo(cut.Find("[data-testid=sort-clientId]").GetAttribute("href")!));
        cut.WaitForAssertion(() => Assert.Equal(["d-1", "d-2", "d-3", "d-4", "d-5"], ClientIds(cut)), DashboardTestHost.Wait);
        var sorted = Navigation.Uri;
        Assert.EndsWith("/clients?state=all&sort=clientId&order=asc", sorted, StringComparison.Ordinal);

        await cut.Find("input[data-testid=filter-node]").InputAsync(new ChangeEventArgs { Value = "emqx@b" });
        _host.Time.Advance(TimeSpan.FromMilliseconds(400));
        cut.WaitForAssertion(() => Assert.Equal(["d-2", "d-3", "d-4", "d-5"], ClientIds(cut)), DashboardTestHost.Wait);
        Assert.EndsWith("/clients?state=all&sort=clientId&order=asc&node=emqx%40b", Navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(sorted, NavigationHistory[1]);
        Assert.Equal(start, NavigationHistory[2]);

        // Back, back, forward: the list follows the URL each time.
        await cut.InvokeAsync(() => Navigation.NavigateTo(sorted));
        cut.WaitForAssertion(() => Assert.Equal(["d-1", "d-2", "d-3", "d-4", "d-5"], ClientIds(cut)), DashboardTestHost.Wait);
        await cut.InvokeAsync(() => Navigation.NavigateTo(start));
        cut.WaitForAssertion(() => Assert.Equal(newestFirst, ClientIds(cut)), DashboardTestHost.Wait);
        Assert.True(string.IsNullOrEmpty(cut.Find("input[data-testid=filter-node]").GetAttribute("value")));
        await cut.InvokeAsync(() => Navigation.NavigateTo(sorted));
        cut.WaitForAssertion(() => Assert.Equal(["d-1", "d-2", "d-3", "d-4", "d-5"], ClientIds(cut)), DashboardTestHost.Wait);
    }

    [Fact]
    public void A_wrong_value_in_the_link_falls_back_to_its_default()
    {
        ApplyFleet();

        var cut = RenderAt("/clients?state=all&proto=9&sort=nonsense&keepaliveMin=x&pageSize=7");

        cut.WaitForAssertion(() => Assert.Equal(["d-5", "d-4", "d-3", "d-2", "d-1"], ClientIds(cut)), DashboardTestHost.Wait);
    }

    [Fact]
    public async Task A_group_in_the_link_narrows_the_list_and_the_group_select_navigates()
    {
        // First match wins: d-1 is "one", so "rest" (d-*) holds d-2 to d-5.
        _host.Context.Services.AddSingleton<IDeviceGroups>(new StaticDeviceGroups(new GroupMatcher(
        [
            DeviceGroup.TryCreate("one", "d-1", null, null, out _)!,
            DeviceGroup.TryCreate("rest", "d-*", null, null, out _)!,
        ])));
        ApplyFleet();
        var cut = RenderAt("/clients?state=all&group=rest");
        cut.WaitForAssertion(() => Assert.Equal(["d-5", "d-4", "d-3", "d-2"], ClientIds(cut)), DashboardTestHost.Wait);
        var start = Navigation.Uri;
        Assert.Contains("api/clients/export?state=all&group=rest&", cut.Find("[data-testid=export-csv]").GetAttribute("href"), StringComparison.Ordinal);

        var select = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Group");
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("ONE"));

        cut.WaitForAssertion(() => Assert.Equal(["d-1"], ClientIds(cut)), DashboardTestHost.Wait);
        Assert.EndsWith("/clients?state=all&group=one", Navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(start, NavigationHistory[1]);

        // Back: the link's group again. An unknown group falls back to no group filter.
        await cut.InvokeAsync(() => Navigation.NavigateTo(start));
        cut.WaitForAssertion(() => Assert.Equal(["d-5", "d-4", "d-3", "d-2"], ClientIds(cut)), DashboardTestHost.Wait);
        await cut.InvokeAsync(() => Navigation.NavigateTo("/clients?state=all&group=nowhere"));
        cut.WaitForAssertion(() => Assert.Equal(["d-5", "d-4", "d-3", "d-2", "d-1"], ClientIds(cut)), DashboardTestHost.Wait);
    }

    [Fact]
    public async Task Relative_times_move_on_with_the_clock_without_events()
    {
        _host.Apply(TestEvents.Connected("sensor-1", Now.AddSeconds(-5)));
        var cut = _host.Context.Render<Clients>();
        cut.WaitForAssertion(() => Assert.Equal("5 s ago", cut.Find("[data-testid=connected-since]").TextContent), DashboardTestHost.Wait);

        _host.Time.Advance(TimeSpan.FromSeconds(60));

        cut.WaitForAssertion(() => Assert.Equal("1 min ago", cut.Find("[data-testid=connected-since]").TextContent), DashboardTestHost.Wait);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Disposing_the_page_ends_its_subscription_and_timer()
    {
        var cut = _host.Context.Render<Clients>();
        Assert.Equal(1, _host.Notifier.SubscriberCount);
        Assert.Equal(1, _host.Time.ActiveTimersOf<LiveRefresh>());

        await _host.Context.DisposeComponentsAsync();

        Assert.Equal(0, _host.Notifier.SubscriberCount);
        Assert.Equal(0, _host.Time.ActiveTimersOf<LiveRefresh>());
        GC.KeepAlive(cut);
    }

    private NavigationManager Navigation => _host.Context.Services.GetRequiredService<NavigationManager>();

    /// <summary>The URLs visited, newest first.</summary>
    private string[] NavigationHistory => [.. ((BunitNavigationManager)Navigation).History.Select(h => Navigation.ToAbsoluteUri(h.Uri).AbsoluteUri)];

    /// <summary>Five clients on two nodes: d-1 … d-5 connected in that order, keepalive 30, 60, 90, 60, 120; protocol 5, 4, 5, 4, 5.</summary>
    private void ApplyFleet()
    {
        int[] keepalives = [30, 60, 90, 60, 120];
        _host.Apply([.. Enumerable.Range(1, 5).Select(i => TestEvents.Connected($"d-{i}", Now.AddSeconds(i - 60), protoVer: i % 2 == 0 ? 4 : 5) with
        {
            Node = i == 1 ? "emqx@a" : "emqx@b",
            Keepalive = keepalives[i - 1],
        })]);
    }

    private IRenderedComponent<Clients> RenderAt(string url)
    {
        Navigation.NavigateTo(url);
        return _host.Context.Render<Clients>();
    }

    private static string[] ClientIds(IRenderedComponent<Clients> cut) =>
        [.. cut.FindAll("[data-testid=client-id]").Select(e => e.TextContent)];

    /// <summary>Types into the search box and lets its debounce (driven by the test clock) elapse.</summary>
    private async Task TypeSearchAsync(IRenderedComponent<Clients> cut, string text)
    {
        await cut.Find(".client-search input").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = text });
        _host.Time.Advance(TimeSpan.FromMilliseconds(300));
    }
}
