using Bunit;
using Dashboard.Components.Controls;
using Dashboard.Components.Pages;
using Dashboard.Core.Ingestion;

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
        Assert.Contains("SELECT * FROM \"$events/client_connected\", \"$events/client_disconnected\"", empty, StringComparison.Ordinal);
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

    private static string Text(IRenderedComponent<Overview> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").TextContent.Trim();
}
