using Bunit;
using Dashboard.Components.Controls.Charts;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Components.Pages;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

public sealed class WallboardPageTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Shows_the_live_numbers_and_updates_them_on_notification()
    {
        var first = TestEvents.Connected("sensor-1", Now.AddSeconds(-5));
        _host.Apply(first, TestEvents.Connected("sensor-2", Now.AddSeconds(-4)));
        var cut = Render();
        Assert.Equal("2", Text(cut, "wb-online"));
        Assert.Equal("2", Text(cut, "wb-connects"));
        Assert.Equal("0", Text(cut, "wb-disconnects"));
        Assert.NotEmpty(cut.FindAll("[data-testid=wb-reasons-chart]"));
        Assert.Empty(cut.FindAll("[data-testid=wallboard-notice]"));

        _host.Apply(
            TestEvents.Connected("sensor-3", Now),
            TestEvents.Connected("sensor-4", Now),
            TestEvents.Disconnected(first, Now, "keepalive_timeout"));
        Assert.Equal("2", Text(cut, "wb-online"));

        await _host.Notifier.PublishPendingAsync();

        cut.WaitForAssertion(() => Assert.Equal("3", Text(cut, "wb-online")), DashboardTestHost.Wait);
        Assert.Equal("4", Text(cut, "wb-connects"));
        Assert.Equal("1", Text(cut, "wb-disconnects"));
        Assert.Equal("4", Text(cut, "wb-connects-hour"));
    }

    [Fact]
    public void Shows_the_online_change_over_the_last_hour()
    {
        _host.Apply(TestEvents.Connected("a", Now), TestEvents.Connected("b", Now));
        _host.Time.Advance(TimeSpan.FromMinutes(10));
        _host.Apply(TestEvents.Connected("c", Now));

        var cut = Render();

        Assert.Equal("▲ 1 in 10 min", Text(cut, "wb-online-change"));
        Assert.True(int.Parse(cut.Find("[data-testid=wb-online-trend]").GetAttribute("data-points")!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.NotEmpty(cut.FindAll("[data-testid=wb-online-trend] polyline"));
    }

    [Fact]
    public void Lists_active_conflict_loops_with_client_id_and_kind_without_links()
    {
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "plant/7", 4));

        var cut = Render();

        var row = cut.Find("[data-testid=wb-finding]").TextContent;
        Assert.Contains("plant/7", row, StringComparison.Ordinal);
        Assert.Contains("Client ID conflict", row, StringComparison.Ordinal);
        Assert.Equal("1", Text(cut, "wb-findings-count"));

        // Read-only: nothing on the wallboard navigates or acts.
        Assert.Empty(cut.FindAll("a"));
        Assert.Empty(cut.FindAll("button"));
    }

    [Fact]
    public void Health_is_green_while_connected_and_events_flow()
    {
        var source = _host.Diagnostics.AddSource("mqtt", "mqtt://broker:1883");
        source.SetState(IngestSourceState.Connected, Now);
        _host.Apply(TestEvents.Connected("sensor-1", Now));

        var cut = Render();

        Assert.Equal("ok", cut.Find("[data-testid=panel-health]").GetAttribute("data-state"));
        Assert.Equal("Ingestion OK", Text(cut, "wb-health-text"));
    }

    [Fact]
    public void Health_turns_red_when_the_source_disconnects()
    {
        var source = _host.Diagnostics.AddSource("mqtt", "mqtt://broker:1883");
        source.SetState(IngestSourceState.Connected, Now);
        _host.Apply(TestEvents.Connected("sensor-1", Now));
        var cut = Render();
        Assert.Equal("ok", cut.Find("[data-testid=panel-health]").GetAttribute("data-state"));

        // No notification: the one-second timer alone must bring the alarm up.
        source.SetState(IngestSourceState.Disconnected, Now);
        _host.Time.Advance(TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() => Assert.Equal("alarm", cut.Find("[data-testid=panel-health]").GetAttribute("data-state")), DashboardTestHost.Wait);
        Assert.Equal("MQTT disconnected", Text(cut, "wb-health-text"));
        Assert.Contains("wb-alarm", cut.Find("[data-testid=wallboard]").ClassList);
    }

    [Fact]
    public void Health_turns_red_when_no_event_arrives_for_the_stale_threshold()
    {
        var source = _host.Diagnostics.AddSource("mqtt", "mqtt://broker:1883");
        source.SetState(IngestSourceState.Connected, Now);
        _host.Apply(TestEvents.Connected("sensor-1", Now));
        var cut = Render("?stale=10");

        _host.Time.Advance(TimeSpan.FromSeconds(9));
        cut.WaitForAssertion(() => Assert.Equal("ok", cut.Find("[data-testid=panel-health]").GetAttribute("data-state")), DashboardTestHost.Wait);

        _host.Time.Advance(TimeSpan.FromSeconds(3));
        cut.WaitForAssertion(() => Assert.Equal("alarm", cut.Find("[data-testid=panel-health]").GetAttribute("data-state")), DashboardTestHost.Wait);
        Assert.Equal("No events for 12 s", Text(cut, "wb-health-text"));

        // An event brings it back to green.
        _host.Apply(TestEvents.Connected("sensor-2", Now));
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal("ok", cut.Find("[data-testid=panel-health]").GetAttribute("data-state")), DashboardTestHost.Wait);
    }

    [Fact]
    public void Health_is_red_without_any_source()
    {
        var cut = Render();

        Assert.Equal("alarm", cut.Find("[data-testid=panel-health]").GetAttribute("data-state"));
        Assert.Equal("No event source is configured", Text(cut, "wb-health-text"));
    }

    [Fact]
    public void Query_options_select_panels_and_theme()
    {
        var cut = Render("?theme=light&panels=online,conflicts");

        Assert.Equal("light", cut.Find("[data-testid=wallboard]").GetAttribute("data-theme"));
        Assert.Equal("online,conflicts", cut.Find("[data-testid=wallboard-set]").GetAttribute("data-panels"));
        Assert.NotEmpty(cut.FindAll("[data-testid=panel-online]"));
        Assert.Empty(cut.FindAll("[data-testid=panel-rates]"));
        Assert.Empty(cut.FindAll("[data-testid=panel-reasons]"));
        Assert.Empty(cut.FindAll("[data-testid=panel-health]"));
        Assert.Empty(cut.FindAll("[data-testid=wallboard-notice]"));
    }

    [Fact]
    public void The_default_is_dark_with_every_panel()
    {
        var cut = Render();

        Assert.Equal("dark", cut.Find("[data-testid=wallboard]").GetAttribute("data-theme"));
        Assert.Equal("online,rates,reasons,conflicts,refused", cut.Find("[data-testid=wallboard-set]").GetAttribute("data-panels"));
        Assert.NotEmpty(cut.FindAll("[data-testid=panel-health]"));
    }

    [Fact]
    public void Rotates_between_sets_on_the_timer_with_health_pinned()
    {
        var cut = Render("?sets=online+rates|reasons,conflicts&rotate=10");
        Assert.Equal("online,rates", cut.Find("[data-testid=wallboard-set]").GetAttribute("data-panels"));
        Assert.NotEmpty(cut.FindAll("[data-testid=panel-health]"));

        _host.Time.Advance(TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Equal("reasons,conflicts", cut.Find("[data-testid=wallboard-set]").GetAttribute("data-panels")), DashboardTestHost.Wait);

        _host.Time.Advance(TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Equal("online,rates", cut.Find("[data-testid=wallboard-set]").GetAttribute("data-panels")), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=wallboard-notice]"));
    }

    [Fact]
    public void Invalid_options_show_a_notice_and_fall_back_to_defaults()
    {
        var cut = Render("?theme=purple&panels=bogus&window=7d&stale=-3&rotate=x&sets=nothing");

        var notice = Text(cut, "wallboard-notice");
        Assert.Contains("theme=purple", notice, StringComparison.Ordinal);
        Assert.Contains("bogus", notice, StringComparison.Ordinal);
        Assert.Contains("window=7d", notice, StringComparison.Ordinal);
        Assert.Contains("stale=-3", notice, StringComparison.Ordinal);
        Assert.Contains("rotate=x", notice, StringComparison.Ordinal);
        Assert.Equal("dark", cut.Find("[data-testid=wallboard]").GetAttribute("data-theme"));
        Assert.Equal("online,rates,reasons,conflicts,refused", cut.Find("[data-testid=wallboard-set]").GetAttribute("data-panels"));
        Assert.Contains("last 1h", cut.Find("[data-testid=panel-reasons]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=panel-health]"));
    }

    [Fact]
    public void The_window_option_sets_the_reasons_range()
    {
        var cut = Render("?window=24h");

        Assert.Contains("last 24h", cut.Find("[data-testid=panel-reasons]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_the_page_ends_its_subscription_and_timer()
    {
        Render();
        Assert.Equal(1, _host.Notifier.SubscriberCount);
        Assert.Equal(1, _host.Time.ActiveTimersOf<LiveRefresh>());

        await _host.Context.DisposeComponentsAsync();

        Assert.Equal(0, _host.Notifier.SubscriberCount);
        Assert.Equal(0, _host.Time.ActiveTimersOf<LiveRefresh>());
    }

    [Fact]
    public void After_a_restart_the_reasons_window_comes_from_history()
    {
        // A fresh instance: memory holds nothing from before start-up; history has the last day.
        var store = new InMemoryHistoryStore();
        _host.Context.Services.AddSingleton<IHistoryStore>(store);
        var first = TestEvents.Connected("sensor-1", Now.AddHours(-21));
        var second = TestEvents.Connected("sensor-2", Now.AddMinutes(-45));
        store.Add(first, second, TestEvents.Disconnected(first, Now.AddHours(-20), "keepalive_timeout"), TestEvents.Disconnected(second, Now.AddMinutes(-30), "kicked"));
        Assert.Empty(_host.LiveState.GetReasonBuckets(Now.AddDays(-1), Now, TimeSpan.FromMinutes(15)));

        var day = Render("?window=24h").FindComponent<ReasonsChart>().Instance;
        Assert.Equal(new Dictionary<string, long> { ["keepalive_timeout"] = 1, ["kicked"] = 1 }, OverviewPageTests.Totals(day.Buckets));
        Assert.Equal((96, TimeSpan.FromMinutes(15)), (day.Buckets.Count, day.Bucket));

        var hour = Render().FindComponent<ReasonsChart>().Instance;
        Assert.Equal(new Dictionary<string, long> { ["kicked"] = 1 }, OverviewPageTests.Totals(hour.Buckets));
        Assert.Equal((60, TimeSpan.FromMinutes(1)), (hour.Buckets.Count, hour.Bucket));
    }

    [Fact]
    public async Task The_stored_past_of_the_reasons_window_is_read_again_when_the_store_has_new_events_not_on_the_ticks()
    {
        var store = new InMemoryHistoryStore();
        _host.Context.Services.AddSingleton<IHistoryStore>(store);
        var first = TestEvents.Connected("sensor-1", Now.AddMinutes(-50));
        store.Add(first, TestEvents.Disconnected(first, Now.AddMinutes(-40), "keepalive_timeout"));
        var cut = Render();
        var reads = store.ReasonReads;

        // Queued by the broker while the dashboard was down, stored late with its own older time.
        var queued = TestEvents.Connected("sensor-2", Now.AddMinutes(-31));
        store.Add(queued, TestEvents.Disconnected(queued, Now.AddMinutes(-30), "kicked"));
        var renders = cut.RenderCount;
        _host.Time.Advance(Dashboard.Live.ReasonChartSeries.HistoryReread);
        cut.WaitForState(() => cut.RenderCount > renders, DashboardTestHost.Wait);
        Assert.Equal(reads, store.ReasonReads);

        _host.Notifier.MarkStored(["sensor-2"]);
        await _host.Notifier.PublishPendingAsync();

        cut.WaitForAssertion(
            () => Assert.Equal(new Dictionary<string, long> { ["keepalive_timeout"] = 1, ["kicked"] = 1 }, OverviewPageTests.Totals(cut.FindComponent<ReasonsChart>().Instance.Buckets)),
            DashboardTestHost.Wait);
    }

    private IRenderedComponent<Wallboard> Render(string query = "")
    {
        _host.Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/wallboard" + query);
        return _host.Context.Render<Wallboard>();
    }

    private static string Text(IRenderedComponent<Wallboard> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").TextContent.Trim();
}
