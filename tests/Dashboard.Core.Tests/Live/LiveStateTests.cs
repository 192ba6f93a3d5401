using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Tests.Shared;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Core.Tests.Live;

public sealed class LiveStateTests : IDisposable
{
    private readonly ManualTimeProvider _time = new(At(10_000));
    private readonly IngestDiagnostics _diagnostics = new();
    private readonly LiveState _state;

    public LiveStateTests()
    {
        _state = new LiveState(new LiveStateOptions(), _diagnostics, _time);
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Exact_duplicates_are_no_ops_and_counted()
    {
        var connect = Connected("a", 100);
        var disconnect = Disconnected("a", 5000, 100, "normal");

        _state.ApplyBatch([connect, connect, disconnect]);
        _state.ApplyBatch([disconnect, connect]);

        Assert.Equal(3, _diagnostics.Duplicates);
        Assert.Equal(2, _diagnostics.Accepted);
        Assert.False(_state.GetClient("a")!.Online);
        var summary = _state.GetSummary();
        Assert.Equal(1, summary.ConnectsLastMinute);
        Assert.Equal(1, summary.DisconnectsLastMinute);
    }

    [Fact]
    public void The_same_connection_from_sys_and_a_rule_counts_once()
    {
        var sys = Connected("a", 100, port: null) with { Source = Core.Events.EventSourceKind.Sys };
        var rule = Connected("a", 100, port: 53122);

        _state.ApplyBatch([sys, rule]);

        Assert.Equal(1, _state.GetSummary().ConnectsLastMinute);
        Assert.Equal(1, _state.GetSummary().Online);
    }

    [Fact]
    public void Connects_and_disconnects_per_reason_are_counted_for_metrics_once_and_not_on_restore()
    {
        var sys = Connected("a", 100, port: null) with { Source = Core.Events.EventSourceKind.Sys };
        _state.Restore([Connected("old", 50), Disconnected("old", 60, 50, "normal")]);

        _state.ApplyBatch([sys, Connected("a", 100, port: 53122), Disconnected("a", 5000, 100, "keepalive_timeout"), Connected("b", 200), Connected("b", 200)]);

        Assert.Equal(2, _diagnostics.Connects);
        var reason = Assert.Single(_diagnostics.Disconnects.Snapshot());
        Assert.Equal(KeyValuePair.Create("keepalive_timeout", 1L), reason);
    }

    [Fact]
    public void Returns_the_changed_client_ids()
    {
        var changed = _state.ApplyBatch([Connected("a", 100), Connected("b", 200), Connected("a", 100)]);

        Assert.Equal(["a", "b"], changed.Order());
    }

    [Fact]
    public void Rates_cover_the_last_minute_and_hour_by_event_time()
    {
        _state.ApplyBatch([Connected("a", 9_000), Connected("old", -70_000), Disconnected("z", 9_500, 1, "normal")]);

        var summary = _state.GetSummary();
        Assert.Equal(1, summary.ConnectsLastMinute);
        Assert.Equal(2, summary.ConnectsLastHour);
        Assert.Equal(1, summary.DisconnectsLastMinute);

        _time.Advance(TimeSpan.FromMinutes(2));
        summary = _state.GetSummary();
        Assert.Equal(0, summary.ConnectsLastMinute);
        Assert.Equal(2, summary.ConnectsLastHour);
    }

    [Fact]
    public void Events_per_second_averages_the_last_ten_whole_seconds()
    {
        _state.ApplyBatch(Enumerable.Range(0, 50).Select(i => Connected($"c{i}", i)).ToList());
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(5.0, _state.GetSummary().EventsPerSecond);
        Assert.Equal(At(10_000), _state.GetSummary().LastEventAt);
    }

    [Fact]
    public void Stale_events_are_counted_for_diagnostics()
    {
        _state.ApplyBatch([Connected("a", 500), Connected("a", 100)]);

        Assert.Equal(1, _diagnostics.Stale);
    }
}
