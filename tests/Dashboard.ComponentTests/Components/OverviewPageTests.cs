using Bunit;
using Dashboard.Components.Controls.Charts;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Components.Pages;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Tests.Components;

public sealed class OverviewPageTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Shows_the_online_count_and_updates_it_on_notification()
    {
        var first = TestEvents.Connected("sensor-1", Now.AddSeconds(-5));
        _host.Apply(first, TestEvents.Connected("sensor-2", Now.AddSeconds(-4)));
        var cut = _host.Context.Render<Overview>();
        Assert.Equal("2", Text(cut, "online-count"));
        Assert.Equal("2", Text(cut, "connects-minute"));

        _host.Apply(
            TestEvents.Connected("sensor-3", Now),
            TestEvents.Connected("sensor-4", Now),
            TestEvents.Disconnected(first, Now, "keepalive_timeout"));
        Assert.Equal("2", Text(cut, "online-count"));

        await _host.Notifier.PublishPendingAsync();

        cut.WaitForAssertion(() => Assert.Equal("3", Text(cut, "online-count")), DashboardTestHost.Wait);
        Assert.Equal("4", Text(cut, "known-count"));
        Assert.Equal("4", Text(cut, "connects-minute"));
        Assert.Equal("4", Text(cut, "connects-hour"));
        Assert.Equal("1", Text(cut, "disconnects-minute"));
        Assert.Empty(cut.FindAll("[data-testid=empty-state]"));
    }

    [Fact]
    public void Explains_what_to_configure_before_any_event_and_shows_the_connection_error()
    {
        var source = _host.Diagnostics.AddSource("mqtt", "mqtt://broker:1883 as 'connection-dashboard'");
        source.SetState(IngestSourceState.Disconnected, Now.AddSeconds(-7));
        source.RecordError("Connection refused (broker:1883)", Now.AddSeconds(-7));

        var cut = _host.Context.Render<Overview>();

        var empty = cut.Find("[data-testid=empty-state]").TextContent;
        Assert.Contains("SELECT * FROM \"$events/client_connected\", \"$events/client_disconnected\",\n  \"$events/client_connack\", \"$events/client_check_authn_complete\"", empty, StringComparison.Ordinal);
        Assert.Contains("${.}", empty, StringComparison.Ordinal);
        Assert.Contains("client_connected", empty, StringComparison.Ordinal);
        Assert.Contains("mqtt://broker:1883", empty, StringComparison.Ordinal);
        Assert.Contains("Connection refused (broker:1883)", cut.Find("[data-testid=empty-state-error]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Connection refused", cut.Find("[data-testid=source-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal("disconnected", cut.Find("[data-testid=ingestion-state]").GetAttribute("data-state"));
        Assert.Equal("no events yet", Text(cut, "last-event"));
    }

    [Fact]
    public void The_timer_keeps_state_and_relative_times_current_without_events()
    {
        var source = _host.Diagnostics.AddSource("mqtt", "mqtt://broker:1883");
        source.SetState(IngestSourceState.Connecting, Now);
        _host.Apply(TestEvents.Connected("sensor-1", Now));
        var cut = _host.Context.Render<Overview>();
        Assert.Equal("connecting", cut.Find("[data-testid=ingestion-state]").GetAttribute("data-state"));
        Assert.Equal("just now", Text(cut, "last-event"));

        // No notification: only the one-second timer can bring these up to date.
        source.SetState(IngestSourceState.Connected, Now);
        _host.Time.Advance(TimeSpan.FromSeconds(3));

        cut.WaitForAssertion(() => Assert.Equal("3 s ago", Text(cut, "last-event")), DashboardTestHost.Wait);
        Assert.Equal("connected", cut.Find("[data-testid=ingestion-state]").GetAttribute("data-state"));
        Assert.Equal(DisplayFormat.UtcIso(DashboardTestHost.Start), cut.Find("[data-testid=last-event]").GetAttribute("title"));
    }

    [Fact]
    public async Task Disposing_the_page_ends_its_subscription_and_timer()
    {
        _host.Context.Render<Overview>();
        Assert.Equal(1, _host.Notifier.SubscriberCount);
        Assert.Equal(1, _host.Time.ActiveTimersOf<LiveRefresh>());

        await _host.Context.DisposeComponentsAsync();

        Assert.Equal(0, _host.Notifier.SubscriberCount);
        Assert.Equal(0, _host.Time.ActiveTimersOf<LiveRefresh>());
    }

    [Fact]
    public void After_a_restart_the_last_hour_of_reasons_comes_from_history()
    {
        // A fresh instance: memory holds nothing from before start-up; history has the last hour.
        var store = new InMemoryHistoryStore();
        _host.Context.Services.AddSingleton<IHistoryStore>(store);
        var first = TestEvents.Connected("sensor-1", Now.AddMinutes(-50));
        var second = TestEvents.Connected("sensor-2", Now.AddMinutes(-45));
        store.Add(first, second, TestEvents.Disconnected(first, Now.AddMinutes(-40), "keepalive_timeout"), TestEvents.Disconnected(second, Now.AddMinutes(-10), "kicked"));
        Assert.Empty(_host.LiveState.GetReasonBuckets(Now.AddHours(-1), Now, TimeSpan.FromMinutes(1)));

        var cut = _host.Context.Render<Overview>();

        var chart = cut.FindComponent<ReasonsChart>().Instance;
        Assert.Equal(new Dictionary<string, long> { ["keepalive_timeout"] = 1, ["kicked"] = 1 }, Totals(chart.Buckets));
        Assert.Equal(60, chart.Buckets.Count);
        Assert.Equal(2, chart.Buckets.Sum(b => b.Connects));
    }

    [Fact]
    public async Task After_a_restart_new_disconnects_show_at_once_and_the_stored_past_is_reread_when_the_store_has_new_events()
    {
        var store = new InMemoryHistoryStore();
        _host.Context.Services.AddSingleton<IHistoryStore>(store);
        var first = TestEvents.Connected("sensor-1", Now.AddMinutes(-50));
        store.Add(first, TestEvents.Disconnected(first, Now.AddMinutes(-40), "keepalive_timeout"));
        var startedAt = Now;
        _host.Time.Advance(TimeSpan.FromMinutes(2));
        var cut = _host.Context.Render<Overview>();
        Assert.Equal(new Dictionary<string, long> { ["keepalive_timeout"] = 1 }, Totals(cut.FindComponent<ReasonsChart>().Instance.Buckets));

        // One the broker queued while the dashboard was down is stored late, with its own (older) time:
        // the stored past is not re-read on every refresh. Since start-up memory has it all: a
        // disconnect now shows at once, before history stores it.
        var queued = TestEvents.Connected("sensor-3", startedAt.AddMinutes(-31));
        store.Add(queued, TestEvents.Disconnected(queued, startedAt.AddMinutes(-30), "kicked"));
        var second = TestEvents.Connected("sensor-2", Now.AddSeconds(-5));
        await _host.ApplyAndNotifyAsync(second, TestEvents.Disconnected(second, Now, "tcp_closed"));
        cut.WaitForAssertion(
            () => Assert.Equal(new Dictionary<string, long> { ["keepalive_timeout"] = 1, ["tcp_closed"] = 1 }, Totals(cut.FindComponent<ReasonsChart>().Instance.Buckets)),
            DashboardTestHost.Wait);

        // The ticks alone do not re-read it: the past is kept while the frame stays.
        var renders = cut.RenderCount;
        _host.Time.Advance(Dashboard.Live.ReasonChartSeries.HistoryReread);
        cut.WaitForState(() => cut.RenderCount > renders, DashboardTestHost.Wait);
        Assert.Equal(new Dictionary<string, long> { ["keepalive_timeout"] = 1, ["tcp_closed"] = 1 }, Totals(cut.FindComponent<ReasonsChart>().Instance.Buckets));

        // The store says it has accepted new events: the past is re-read.
        _host.Notifier.MarkStored(["sensor-3"]);
        await _host.Notifier.PublishPendingAsync();
        cut.WaitForAssertion(
            () => Assert.Equal(new Dictionary<string, long> { ["keepalive_timeout"] = 1, ["kicked"] = 1, ["tcp_closed"] = 1 }, Totals(cut.FindComponent<ReasonsChart>().Instance.Buckets)),
            DashboardTestHost.Wait);
    }

    [Fact]
    public void When_history_fails_the_reasons_chart_shows_what_memory_has()
    {
        var store = new InMemoryHistoryStore { FailWith = new InvalidOperationException("database gone") };
        _host.Context.Services.AddSingleton<IHistoryStore>(store);
        // Before start-up (where history would answer), as events the broker queued come in after a restart.
        var first = TestEvents.Connected("sensor-1", Now.AddMinutes(-6));
        _host.Apply(first, TestEvents.Disconnected(first, Now.AddMinutes(-5), "tcp_closed"));

        var cut = _host.Context.Render<Overview>();

        Assert.Equal(new Dictionary<string, long> { ["tcp_closed"] = 1 }, Totals(cut.FindComponent<ReasonsChart>().Instance.Buckets));
        Assert.Equal("0", Text(cut, "online-count"));
    }

    internal static Dictionary<string, long> Totals(IEnumerable<Dashboard.Core.Reasons.ReasonBucket> buckets) =>
        buckets.SelectMany(b => b.Counts).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Value));

    [Fact]
    public async Task A_group_in_the_link_narrows_online_known_and_the_findings_and_the_select_navigates()
    {
        _host.Context.Services.AddSingleton<IDeviceGroups>(new StaticDeviceGroups(new GroupMatcher(
        [
            DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!,
            DeviceGroup.TryCreate("plant-4", "plant-4/*", null, null, out _)!,
        ])));
        var gone = TestEvents.Connected("plant-3/b", Now.AddSeconds(-5));
        _host.Apply(TestEvents.Connected("plant-3/a", Now.AddSeconds(-5)), gone, TestEvents.Connected("plant-4/a", Now.AddSeconds(-5)));
        _host.Apply(TestEvents.Disconnected(gone, Now, "normal"));
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "plant-4/x", 4));
        var navigation = _host.Context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/?group=PLANT-3");

        var cut = _host.Context.Render<Overview>();

        cut.WaitForAssertion(() => Assert.Equal(("1", "2"), (Text(cut, "online-count"), Text(cut, "known-count"))), DashboardTestHost.Wait);
        Assert.Equal("0", cut.Find("[data-testid=active-findings-count]").TextContent);

        var select = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Group");
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("plant-4"));
        cut.WaitForAssertion(() => Assert.Equal(("1", "1"), (Text(cut, "online-count"), Text(cut, "known-count"))), DashboardTestHost.Wait);
        Assert.EndsWith("/?group=plant-4", navigation.Uri, StringComparison.Ordinal);
        Assert.Equal("1", cut.Find("[data-testid=active-findings-count]").TextContent);

        // No group: the fleet (the swaps' client is known too).
        await cut.InvokeAsync(() => navigation.NavigateTo("/?group=nowhere"));
        cut.WaitForAssertion(() => Assert.Equal("2", Text(cut, "online-count")), DashboardTestHost.Wait);
    }

    private static string Text(IRenderedComponent<Overview> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").TextContent.Trim();
}
