using Dashboard.Components.Pages;
using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Tests.Components;
using Dashboard.ViewModels;

namespace Dashboard.Tests.ViewModels;

/// <summary>The wallboard's health alarm and headline state without a renderer.</summary>
public sealed class WallboardViewTests : IDisposable
{
    private static readonly DateTimeOffset Now = DashboardTestHost.Start;

    private readonly ManualTimeProvider _time = new(Now);
    private readonly IngestDiagnostics _diagnostics = new();
    private readonly LiveState _live;
    private readonly WallboardView _view;

    public WallboardViewTests()
    {
        _live = new LiveState(new LiveStateOptions(), _diagnostics, _time);
        var conflicts = new ConflictService(new ConflictDetector(new ConflictOptions()), new ChangeNotifier(TimeSpan.FromMilliseconds(100), _time), _time);
        _view = new WallboardView(_live, _diagnostics, conflicts, _time)
        {
            Options = WallboardOptions.Parse(null, null, null, null, null, "10"),
        };
    }

    public void Dispose() => _live.Dispose();

    [Fact]
    public void Without_a_source_it_says_so_and_is_in_alarm()
    {
        _view.Read();

        Assert.Equal("No event source is configured", _view.HealthText);
        Assert.False(_view.Healthy);
    }

    [Fact]
    public void A_disconnected_source_is_an_alarm_named_after_its_state()
    {
        _diagnostics.AddSource("mqtt", "broker").SetState(IngestSourceState.Disconnected, Now);
        _view.Read();

        Assert.Equal("MQTT disconnected", _view.HealthText);
        Assert.False(_view.Healthy);
    }

    [Fact]
    public void A_connected_source_goes_stale_after_the_threshold_without_events_counted_from_when_it_connected()
    {
        _diagnostics.AddSource("mqtt", "broker").SetState(IngestSourceState.Connected, Now);
        _time.Advance(TimeSpan.FromSeconds(10));
        _view.Read();
        Assert.Equal("Ingestion OK", _view.HealthText);
        Assert.True(_view.Healthy);

        _time.Advance(TimeSpan.FromSeconds(1));
        _view.Read();
        Assert.Equal("No events for over 10 s", _view.HealthText);
        Assert.False(_view.Healthy);
    }

    [Fact]
    public void After_the_last_event_the_alarm_says_how_long_ago_it_came()
    {
        _diagnostics.AddSource("mqtt", "broker").SetState(IngestSourceState.Connected, Now);
        _live.ApplyBatch([TestEvents.Connected("a", Now)]);
        _time.Advance(TimeSpan.FromSeconds(12));
        _view.Read();

        Assert.Equal(Now, _view.LastEventAt);
        Assert.Equal("No events for 12 s", _view.HealthText);
        Assert.Equal(1, _view.Summary.Online);
    }
}
