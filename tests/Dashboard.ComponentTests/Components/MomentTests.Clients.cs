using Bunit;
using Bunit.TestDoubles;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>
/// Clients at a past moment: <c>at</c>, <c>window</c> and <c>after</c> in the URL with the list's filters,
/// the banner, back and forward, and the way back to live. Overview's <c>window</c> too.
/// </summary>
public sealed partial class MomentTests
{
    /// <summary>
    /// Besides site/*: from 10:00, site/a and site/c on emqx@a, site/b and site/d on emqx@b. site/a ends at
    /// 10:01 (keepalive_timeout), site/d at 10:04 (normal). The Clients tests search for "site/".
    /// </summary>
    private void AddSites()
    {
        var a = TestEvents.Connected("site/a", T0) with { Node = "emqx@a" };
        var d = TestEvents.Connected("site/d", T0.AddSeconds(3)) with { Node = "emqx@b" };
        _store.Add(
            a,
            TestEvents.Connected("site/b", T0.AddSeconds(1)) with { Node = "emqx@b" },
            TestEvents.Connected("site/c", T0.AddSeconds(2)) with { Node = "emqx@a" },
            d,
            TestEvents.Disconnected(a, T0.AddMinutes(1), "keepalive_timeout"),
            TestEvents.Disconnected(d, T0.AddMinutes(4), "normal"));
    }

    /// <summary>The URLs visited, newest first.</summary>
    private string[] NavigationHistory => [.. ((BunitNavigationManager)Navigation).History.Select(h => Navigation.ToAbsoluteUri(h.Uri).AbsoluteUri)];

    [Fact]
    public void A_link_with_a_moment_and_filters_lists_who_was_online_then_with_those_filters()
    {
        AddSites();
        var cut = Render<Clients>("/clients?q=site%2F&at=2025-06-10T10:00:30Z&node=emqx%40b");

        cut.WaitForAssertion(() => Assert.Equal(["site/b", "site/d"], Texts(cut, "moment-online-client")), DashboardTestHost.Wait);
        Assert.Equal("As of 2025-06-10 19:00:30, your time", cut.Find("[data-testid=moment-banner-text]").TextContent.Trim());
        Assert.Equal("emqx@b", cut.Find("input[data-testid=filter-node]").GetAttribute("value"));
        Assert.Equal(["normal"], Texts(cut, "moment-offline-reason"));
        Assert.NotEmpty(cut.FindAll("[data-testid=moment-live-only]"));
        Assert.Empty(cut.FindAll("[data-testid=clients-grid]"));
        Assert.Empty(cut.FindAll("[data-testid=state-filter]"));
        Assert.Empty(cut.FindAll("[data-testid=client-export]"));
    }

    [Fact]
    public void The_reason_filters_who_went_offline_and_the_window_bounds_it()
    {
        AddSites();
        var cut = Render<Clients>("/clients?q=site%2F&at=2025-06-10T10:02:00Z&window=5");
        cut.WaitForAssertion(() => Assert.Equal(["keepalive_timeout", "normal"], Texts(cut, "moment-offline-reason")), DashboardTestHost.Wait);
        Assert.Equal(["site/b", "site/c", "site/d"], Texts(cut, "moment-online-client"));
        Assert.Equal("5", cut.Find("[data-testid=time-window]").GetAttribute("value"));

        Navigation.NavigateTo("/clients?q=site%2F&at=2025-06-10T10:02:00Z&window=5&reason=normal");
        cut.WaitForAssertion(() => Assert.Equal(["normal"], Texts(cut, "moment-offline-reason")), DashboardTestHost.Wait);
        Assert.Equal(["site/b", "site/c", "site/d"], Texts(cut, "moment-online-client"));

        Navigation.NavigateTo("/clients?q=site%2F&at=2025-06-10T10:02:00Z&window=1");
        cut.WaitForAssertion(() => Assert.Equal(["keepalive_timeout"], Texts(cut, "moment-offline-reason")), DashboardTestHost.Wait);
    }

    [Fact]
    public async Task The_time_control_and_a_filter_are_history_entries_that_back_and_forward_replay()
    {
        AddSites();
        var cut = Render<Clients>("/clients?q=site%2F&node=emqx%40a");
        Assert.Empty(cut.FindAll("[data-testid=moment-banner]"));
        var live = Navigation.Uri;

        cut.Find("[data-testid=time-input]").Change("2025-06-10T19:00:30");
        cut.Find("[data-testid=time-window]").Change("5");
        cut.Find("[data-testid=time-control]").Submit();
        cut.WaitForAssertion(() => Assert.Equal(["site/a", "site/c"], Texts(cut, "moment-online-client")), DashboardTestHost.Wait);
        var moment = Navigation.Uri;
        Assert.EndsWith("/clients?q=site%2F&node=emqx%40a&at=2025-06-10T10%3A00%3A30Z&window=5", moment, StringComparison.Ordinal);

        await cut.Find("input[data-testid=filter-node]").InputAsync(new ChangeEventArgs { Value = "emqx@b" });
        _host.Time.Advance(TimeSpan.FromMilliseconds(400));
        cut.WaitForAssertion(() => Assert.Equal(["site/b", "site/d"], Texts(cut, "moment-online-client")), DashboardTestHost.Wait);
        var filtered = Navigation.Uri;
        Assert.EndsWith("/clients?q=site%2F&node=emqx%40b&at=2025-06-10T10%3A00%3A30Z&window=5", filtered, StringComparison.Ordinal);
        Assert.Equal([filtered, moment, live], NavigationHistory.Take(3));

        // Back, back, forward: the page follows the URL each time.
        await cut.InvokeAsync(() => Navigation.NavigateTo(moment));
        cut.WaitForAssertion(() => Assert.Equal(["site/a", "site/c"], Texts(cut, "moment-online-client")), DashboardTestHost.Wait);
        await cut.InvokeAsync(() => Navigation.NavigateTo(live));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=moment-banner]")), DashboardTestHost.Wait);
        Assert.NotEmpty(cut.FindAll("[data-testid=clients-grid]"));
        await cut.InvokeAsync(() => Navigation.NavigateTo(moment));
        cut.WaitForAssertion(() => Assert.Equal(["site/a", "site/c"], Texts(cut, "moment-online-client")), DashboardTestHost.Wait);
        Assert.Equal("As of 2025-06-10 19:00:30, your time", cut.Find("[data-testid=moment-banner-text]").TextContent.Trim());
    }

    [Fact]
    public void Back_to_live_keeps_the_filters_and_drops_the_moment()
    {
        AddSites();
        var cut = Render<Clients>("/clients?q=site%2F&node=emqx%40a&at=2025-06-10T10:00:30Z&window=5&after=site%2Fa");
        cut.WaitForAssertion(() => Assert.Equal(["site/c"], Texts(cut, "moment-online-client")), DashboardTestHost.Wait);

        cut.Find("[data-testid=moment-live]").Click();

        Assert.EndsWith("/clients?q=site%2F&node=emqx%40a", Navigation.Uri, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=clients-grid]")), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=moment-banner]"));
    }

    [Fact]
    public void A_long_list_reads_on_after_its_last_client()
    {
        _store.Add([.. Enumerable.Range(0, 30).Select(i => TestEvents.Connected($"q{i:D2}", T0))]);
        var cut = Render<Clients>("/clients?at=2025-06-10T10:00:30Z&q=q&pageSize=25");
        cut.WaitForAssertion(() => Assert.Equal(25, Texts(cut, "moment-online-client").Length), DashboardTestHost.Wait);
        Assert.Equal("Online then: the first 25 by client ID", cut.Find("[data-testid=moment-online-title]").TextContent.Trim());

        Navigation.NavigateTo(cut.Find("[data-testid=moment-next]").GetAttribute("href")!);

        cut.WaitForAssertion(() => Assert.Equal(["q25", "q26", "q27", "q28", "q29"], Texts(cut, "moment-online-client")), DashboardTestHost.Wait);
        Assert.Contains("after=q24", Navigation.Uri, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=moment-next]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=moment-first]"));
    }

    [Theory]
    [InlineData("?at=2025-06-10T10:02:00Z&window=0", "0", "")]
    [InlineData("?at=2025-06-10T10:02:00Z&window=1", "1", "keepalive_timeout")]
    [InlineData("?at=2025-06-10T10:02:00Z&window=nonsense", "15", "keepalive_timeout")]
    [InlineData("?at=2025-06-10T10:02:00Z&window=99999", "15", "keepalive_timeout")]
    public void Overview_reads_the_window_from_its_url(string query, string window, string reasons)
    {
        var cut = Render<Overview>("/" + query);

        cut.WaitForAssertion(() => Assert.Equal(reasons, string.Join(' ', Texts(cut, "moment-offline-reason"))), DashboardTestHost.Wait);
        Assert.Equal(window, cut.Find("[data-testid=time-window]").GetAttribute("value"));
    }

    private IRenderedComponent<T> Render<T>(string url)
        where T : IComponent
    {
        Navigation.NavigateTo(url);
        return _host.Context.Render<T>(p => p.AddCascadingValue(new ViewerSettings(Tokyo, null)));
    }

    private static string[] Texts<T>(IRenderedComponent<T> cut, string testId)
        where T : IComponent =>
        [.. cut.FindAll($"[data-testid={testId}]").Select(e => e.TextContent.Trim())];
}
