using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.History;
using Dashboard.Core.Ranges;
using Dashboard.Live;
using Dashboard.Tests.Components;
using Dashboard.ViewModels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.ViewModels;

/// <summary>
/// The reasons page's logic without a renderer: the range choice, memory against history, the
/// trend, the selected reason's clients, and how often history is read again while the page is open.
/// </summary>
public sealed class ReasonsViewTests : IDisposable
{
    private static readonly DateTimeOffset StartedAt = DashboardTestHost.Start;

    private readonly LiveOnAClock _live = new();
    private readonly InMemoryHistoryStore _store = new();

    private DateTimeOffset Now => _live.Time.GetUtcNow();

    public void Dispose() => _live.Dispose();

    [Fact]
    public async Task A_custom_range_starts_from_the_range_shown_refuses_an_end_before_the_start_and_shows_exactly_its_span()
    {
        var view = View();
        _live.Time.Advance(TimeSpan.FromHours(3));
        await view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);
        view.EditCustomRange();
        Assert.True(view.Custom);
        Assert.Equal((view.From.UtcDateTime, view.To.UtcDateTime), (view.CustomFrom, view.CustomTo));

        (view.CustomFrom, view.CustomTo) = (Now.UtcDateTime, Now.AddHours(-1).UtcDateTime);
        Assert.False(view.ApplyCustomRange());
        Assert.Equal("Choose a start before the end for the custom range.", view.Error);
        Assert.Equal(RangePreset.Hour, view.Range.Preset);

        await view.SelectReasonAsync("tcp_closed", CancellationToken.None);
        (view.CustomFrom, view.CustomTo) = (Now.AddMinutes(-120).UtcDateTime, Now.AddMinutes(-60).UtcDateTime);
        Assert.True(view.ApplyCustomRange());
        Assert.Null(view.Selected);
        await view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);

        Assert.Equal((Now.AddMinutes(-120), Now.AddMinutes(-60)), (view.From, view.To));
        Assert.Null(view.Error);

        view.SelectRange(RangePreset.Day);
        Assert.False(view.Custom);
        Assert.Equal(RangePreset.Day, view.Range.Preset);
    }

    [Fact]
    public async Task A_range_memory_saw_follows_every_live_change_with_its_trend_and_asks_history_nothing()
    {
        var view = View();
        _live.Time.Advance(TimeSpan.FromHours(3));
        Disconnect("a", Now.AddMinutes(-70), "tcp_closed");
        Disconnect("a", Now.AddMinutes(-5), "tcp_closed");
        await view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);
        Assert.Equal(ReasonSeriesSource.Live, view.Source);
        Assert.Equal("±0 %", Assert.Single(view.Rows).Trend);

        Disconnect("b", Now.AddMinutes(-1), "tcp_closed");
        await view.ReadAsync(LiveTriggers.Change, CancellationToken.None);

        Assert.Equal(("tcp_closed", 2L, "+100 %"), (view.Rows[0].Reason, view.Rows[0].Count, view.Rows[0].Trend));
        Assert.Equal(0, _store.ReasonReads);
    }

    [Fact]
    public async Task A_history_range_is_kept_through_ticks_and_changes_and_reread_when_the_store_has_new_events()
    {
        var view = View();
        Store("a", StartedAt.AddDays(-2), "kicked");
        view.SelectRange(RangePreset.Week);
        await view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);
        Assert.Equal(ReasonSeriesSource.History, view.Source);
        Assert.Equal("kicked", Assert.Single(view.Rows).Reason);
        var reads = _store.ReasonReads;

        Store("b", StartedAt.AddDays(-1), "tcp_closed");
        for (var i = 0; i < 30; i++)
        {
            _live.Time.Advance(TimeSpan.FromSeconds(1));
            await view.ReadAsync(i % 2 == 0 ? LiveTriggers.Tick : LiveTriggers.Change, CancellationToken.None);
        }

        Assert.Equal(reads, _store.ReasonReads);
        Assert.Single(view.Rows);

        await view.ReadAsync(LiveTriggers.Stored, CancellationToken.None);

        Assert.Equal(reads + 1, _store.ReasonReads);
        Assert.Equal(["kicked", "tcp_closed"], view.Rows.Select(r => r.Reason).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_busy_fleet_storing_every_interval_makes_at_most_one_history_read_per_period_and_no_signal_is_lost()
    {
        var view = View();
        view.SelectRange(RangePreset.Week);
        await view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);
        _live.Time.Advance(ReasonsView.HistoryReread);
        await view.SelectReasonAsync("tcp_closed", CancellationToken.None);
        var reads = _store.ReasonReads;

        // A stored signal every 100 ms for ten periods: the series and the client list once a period each.
        var steps = (int)(10 * ReasonsView.HistoryReread / TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < steps; i++)
        {
            _live.Time.Advance(TimeSpan.FromMilliseconds(100));
            await view.ReadAsync(LiveTriggers.Stored | LiveTriggers.Change, CancellationToken.None);
        }

        Assert.Equal(reads + (2 * 10), _store.ReasonReads);
        reads = _store.ReasonReads;

        // A signal too soon after a read is kept: the first refresh after the period reads it.
        Store("c", StartedAt.AddDays(-1), "tcp_closed");
        await view.ReadAsync(LiveTriggers.Stored, CancellationToken.None);
        Assert.Equal(reads, _store.ReasonReads);
        Assert.Empty(view.Clients!);

        _live.Time.Advance(TimeSpan.FromMilliseconds(100));
        await view.ReadAsync(LiveTriggers.Tick, CancellationToken.None);

        Assert.Equal(reads + 2, _store.ReasonReads);
        Assert.Equal("c", Assert.Single(view.Clients!).ClientId);
        Assert.Equal("tcp_closed", Assert.Single(view.Rows).Reason);
    }

    [Fact]
    public async Task The_selected_reason_lists_its_clients_and_a_second_click_on_the_row_hides_them_but_not_on_the_bar()
    {
        var view = View();
        Store("a", StartedAt.AddMinutes(-30), "kicked");
        Store("b", StartedAt.AddMinutes(-20), "kicked");
        await view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);

        await view.ShowReasonAsync("kicked", CancellationToken.None);
        Assert.Equal(["a", "b"], view.Clients!.Select(c => c.ClientId).Order(StringComparer.Ordinal));
        await view.ShowReasonAsync("kicked", CancellationToken.None);
        Assert.Equal("kicked", view.Selected);

        await view.SelectReasonAsync("kicked", CancellationToken.None);
        Assert.Null(view.Selected);
        Assert.Null(view.Clients);
    }

    [Fact]
    public async Task A_failed_history_read_says_why_and_is_retried_once_per_period_not_on_every_refresh()
    {
        var view = View();
        _store.FailWith = new InvalidOperationException("database gone");
        view.SelectRange(RangePreset.Week);
        await view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);
        Assert.StartsWith("History could not be read (memory)", view.Error, StringComparison.Ordinal);
        var reads = _store.ReasonReads;

        for (var i = 1; i < ReasonsView.HistoryReread.TotalSeconds; i++)
        {
            _live.Time.Advance(TimeSpan.FromSeconds(1));
            await view.ReadAsync(LiveTriggers.Change | LiveTriggers.Tick, CancellationToken.None);
        }

        Assert.Equal(reads, _store.ReasonReads);

        _store.FailWith = null;
        Store("a", StartedAt.AddDays(-1), "kicked");
        _live.Time.Advance(TimeSpan.FromSeconds(1));
        await view.ReadAsync(LiveTriggers.Tick, CancellationToken.None);

        Assert.Null(view.Error);
        Assert.Equal("kicked", Assert.Single(view.Rows).Reason);
    }

    [Fact]
    public async Task Without_history_a_range_older_than_the_live_window_says_so_and_the_trend_is_unknown()
    {
        var view = new ReasonsView(_live.State, new DisabledHistoryStore(), _live.Time, NullLogger.Instance);
        Disconnect("a", Now.AddMinutes(-1), "tcp_closed");
        await view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);
        Assert.Equal("—", Assert.Single(view.Rows).Trend);

        view.SelectRange(RangePreset.Week);
        await view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);

        Assert.Null(view.Source);
        Assert.Empty(view.Rows);
        Assert.Contains("history is off", view.Error, StringComparison.Ordinal);
    }

    private ReasonsView View() => new(_live.State, _store, _live.Time, NullLogger.Instance);

    private void Disconnect(string clientId, DateTimeOffset at, string reason)
    {
        var connected = TestEvents.Connected(clientId, at.AddSeconds(-1));
        _live.State.ApplyBatch([connected, TestEvents.Disconnected(connected, at, reason)]);
    }

    private void Store(string clientId, DateTimeOffset at, string reason)
    {
        var connected = TestEvents.Connected(clientId, at.AddSeconds(-1));
        _store.Add(connected, TestEvents.Disconnected(connected, at, reason));
    }
}
