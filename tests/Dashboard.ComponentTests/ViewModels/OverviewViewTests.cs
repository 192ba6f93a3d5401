using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.Ingestion;
using Dashboard.Live;
using Dashboard.Tests.Components;
using Dashboard.ViewModels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.ViewModels;

/// <summary>
/// The overview's numbers and its reason chart without a renderer; after a restart the stored past
/// of the last hour is read from history again only when the store says it has new events, at a bounded pace.
/// </summary>
public sealed class OverviewViewTests : IDisposable
{
    private static readonly DateTimeOffset StartedAt = DashboardTestHost.Start;

    private readonly LiveOnAClock _live = new();
    private readonly InMemoryHistoryStore _store = new();
    private readonly OverviewView _view;

    public OverviewViewTests()
    {
        _view = new OverviewView(_live.State, _live.Diagnostics, new IngestChannel(10), _store, new Dashboard.Core.Refusals.RefusalCounter(_live.Time), NullLogger.Instance);
    }

    private DateTimeOffset Now => _live.Time.GetUtcNow();

    public void Dispose() => _live.Dispose();

    [Fact]
    public async Task Copies_the_summary_the_source_and_the_counters_and_says_when_nothing_came_in()
    {
        await _view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);
        Assert.True(_view.NoEventsYet);
        Assert.Null(_view.Source);

        var source = _live.Diagnostics.AddSource("mqtt", "broker");
        _live.Diagnostics.RecordReceived(source, Now);
        _live.State.ApplyBatch([TestEvents.Connected("a", Now)]);
        await _view.ReadAsync(LiveTriggers.Change, CancellationToken.None);

        Assert.False(_view.NoEventsYet);
        Assert.Equal(("broker", 1L, 0L, 0), (_view.Source?.Description, _view.Received, _view.ParseFailures, _view.Backlog));
        Assert.Equal(1, _view.Summary.Online);
        Assert.True(_view.ReadsHistory);
    }

    [Fact]
    public async Task The_stored_past_is_kept_through_ticks_and_changes_and_reread_when_the_store_has_new_events()
    {
        var first = TestEvents.Connected("a", StartedAt.AddMinutes(-50));
        _store.Add(first, TestEvents.Disconnected(first, StartedAt.AddMinutes(-40), "keepalive_timeout"));
        _live.Time.Advance(TimeSpan.FromMinutes(2));
        await _view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);
        Assert.Equal(new Dictionary<string, long> { ["keepalive_timeout"] = 1 }, Totals());
        var reads = _store.ReasonReads;

        // Queued by the broker while the dashboard was down, stored late with its own older time.
        var queued = TestEvents.Connected("b", StartedAt.AddMinutes(-31));
        _store.Add(queued, TestEvents.Disconnected(queued, StartedAt.AddMinutes(-30), "kicked"));
        for (var i = 0; i < 10; i++)
        {
            _live.Time.Advance(TimeSpan.FromSeconds(1));
            await _view.ReadAsync(i % 2 == 0 ? LiveTriggers.Tick : LiveTriggers.Change, CancellationToken.None);
        }

        Assert.Equal(reads, _store.ReasonReads);
        Assert.Equal(new Dictionary<string, long> { ["keepalive_timeout"] = 1 }, Totals());

        await _view.ReadAsync(LiveTriggers.Stored, CancellationToken.None);

        Assert.Equal(reads + 1, _store.ReasonReads);
        Assert.Equal(new Dictionary<string, long> { ["keepalive_timeout"] = 1, ["kicked"] = 1 }, Totals());
    }

    [Fact]
    public async Task A_busy_fleet_storing_every_interval_rereads_history_at_most_once_per_period_and_loses_no_signal()
    {
        _live.Time.Advance(TimeSpan.FromMinutes(2));
        await _view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);
        var reads = _store.ReasonReads;

        // A stored signal every 100 ms for the whole period: one read at most.
        var steps = (int)(ReasonChartSeries.HistoryReread / TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < steps - 1; i++)
        {
            _live.Time.Advance(TimeSpan.FromMilliseconds(100));
            await _view.ReadAsync(LiveTriggers.Stored | LiveTriggers.Change, CancellationToken.None);
        }

        Assert.Equal(reads, _store.ReasonReads);

        // The last signal came too soon to be read; the first tick after the period reads it.
        var late = TestEvents.Connected("c", StartedAt.AddMinutes(-20));
        _store.Add(late, TestEvents.Disconnected(late, StartedAt.AddMinutes(-10), "tcp_closed"));
        _live.Time.Advance(TimeSpan.FromMilliseconds(100));
        await _view.ReadAsync(LiveTriggers.Tick, CancellationToken.None);

        Assert.Equal(reads + 1, _store.ReasonReads);
        Assert.Equal(new Dictionary<string, long> { ["tcp_closed"] = 1 }, Totals());
    }

    [Fact]
    public async Task When_the_frame_moves_the_past_is_read_again_without_a_signal()
    {
        _live.Time.Advance(TimeSpan.FromMinutes(2));
        await _view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);
        var (reads, frame) = (_store.ReasonReads, _view.ReasonRange);

        _live.Time.Advance(TimeSpan.FromMinutes(1));
        await _view.ReadAsync(LiveTriggers.Tick, CancellationToken.None);

        Assert.NotEqual(frame, _view.ReasonRange);
        Assert.Equal(reads + 1, _store.ReasonReads);
    }

    [Fact]
    public async Task A_failed_history_read_shows_memory_and_is_retried_once_per_period_not_every_second()
    {
        _store.FailWith = new InvalidOperationException("database gone");
        var first = TestEvents.Connected("a", StartedAt.AddMinutes(-6));
        _live.State.ApplyBatch([first, TestEvents.Disconnected(first, StartedAt.AddMinutes(-5), "tcp_closed")]);
        _live.Time.Advance(TimeSpan.FromSeconds(10));
        await _view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);
        Assert.Equal(new Dictionary<string, long> { ["tcp_closed"] = 1 }, Totals());
        var reads = _store.ReasonReads;

        for (var i = 1; i < ReasonChartSeries.HistoryReread.TotalSeconds; i++)
        {
            _live.Time.Advance(TimeSpan.FromSeconds(1));
            await _view.ReadAsync(LiveTriggers.Tick, CancellationToken.None);
        }

        Assert.Equal(reads, _store.ReasonReads);

        // The database is back: the next retry, a period after the failure, shows history.
        _store.FailWith = null;
        _store.Add(TestEvents.Connected("b", StartedAt.AddMinutes(-3)), TestEvents.Connected("c", StartedAt.AddMinutes(-2)));
        _live.Time.Advance(TimeSpan.FromSeconds(1));
        await _view.ReadAsync(LiveTriggers.Tick, CancellationToken.None);

        Assert.Equal(reads + 1, _store.ReasonReads);
        Assert.Equal(2, _view.ReasonBuckets.Sum(b => b.Connects));
        Assert.Empty(Totals());
    }

    private Dictionary<string, long> Totals() => OverviewPageTests.Totals(_view.ReasonBuckets);
}
