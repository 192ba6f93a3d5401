using Dashboard.Components.Pages;
using Dashboard.Conflicts;
using Dashboard.Core.Actions;
using Dashboard.Core.Conflicts;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Notifications;
using Dashboard.Tests.Components;
using Dashboard.ViewModels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.ViewModels;

/// <summary>The wallboard's health alarm and headline state without a renderer.</summary>
public sealed class WallboardViewTests : IDisposable
{
    private static readonly DateTimeOffset Now = DashboardTestHost.Start;

    private readonly LiveOnAClock _live = new();
    private readonly WallboardView _view;
    private readonly ConflictService _conflicts;

    public WallboardViewTests()
    {
        _conflicts = new ConflictService(new ConflictDetector(new ConflictOptions()), new ChangeNotifier(TimeSpan.FromMilliseconds(100), _live.Time), _live.Time);
        _view = new WallboardView(_live.State, _live.Diagnostics, _conflicts, new DisabledHistoryStore(), new Dashboard.Core.Refusals.RefusalCounter(_live.Time), _live.Time, NullLogger.Instance)
        {
            Options = WallboardOptions.Parse(null, null, null, null, null, "10"),
        };
    }

    public void Dispose() => _live.Dispose();

    [Theory]
    [InlineData(null, "No event source is configured")]
    [InlineData(IngestSourceState.Disconnected, "MQTT disconnected")]
    [InlineData(IngestSourceState.Connecting, "MQTT connecting")]
    public void No_source_or_one_not_connected_is_an_alarm_that_says_which(IngestSourceState? state, string text)
    {
        if (state is { } sourceState)
        {
            _live.Diagnostics.AddSource("mqtt", "broker").SetState(sourceState, Now);
        }

        _view.Read();

        Assert.Equal(text, _view.HealthText);
        Assert.False(_view.Healthy);
    }

    [Fact]
    public void A_connected_source_goes_stale_after_the_threshold_without_events_counted_from_when_it_connected()
    {
        _live.Diagnostics.AddSource("mqtt", "broker").SetState(IngestSourceState.Connected, Now);
        _live.Time.Advance(TimeSpan.FromSeconds(10));
        _view.Read();
        Assert.Equal("Ingestion OK", _view.HealthText);
        Assert.True(_view.Healthy);

        _live.Time.Advance(TimeSpan.FromSeconds(1));
        _view.Read();
        Assert.Equal("No events for over 10 s", _view.HealthText);
        Assert.False(_view.Healthy);
    }

    [Fact]
    public void After_the_last_event_the_alarm_says_how_long_ago_it_came()
    {
        _live.Diagnostics.AddSource("mqtt", "broker").SetState(IngestSourceState.Connected, Now);
        _live.State.ApplyBatch([TestEvents.Connected("a", Now)]);
        _live.Time.Advance(TimeSpan.FromSeconds(12));
        _view.Read();

        Assert.Equal(Now, _view.LastEventAt);
        Assert.Equal("No events for 12 s", _view.HealthText);
        Assert.Equal(1, _view.Summary.Online);
    }

    [Fact]
    public void An_acknowledged_finding_leaves_the_top_list_until_its_count_doubles()
    {
        _conflicts.Apply(TestEvents.Swaps(Now, "acked", 4));
        _conflicts.Apply(TestEvents.Swaps(Now, "open", 4));
        var acked = _conflicts.GetFindings(FindingState.Active).Single(f => f.ClientId == "acked");
        _conflicts.Acknowledgements.Set(new Acknowledgement(FindingKeys.Of(acked), "t", "ops", "operator", Now, "", acked.Count));

        _view.Read();
        Assert.Equal(["open"], _view.Findings.Select(f => f.ClientId));
        Assert.Equal(2, _view.FindingCount);

        // Re-opened: as many endings again as when it was acknowledged.
        _conflicts.Acknowledgements.Set(new Acknowledgement(FindingKeys.Of(acked), "t", "ops", "operator", Now, "", (acked.Count + 1) / 2));
        _view.Read();
        Assert.Equal(["acked", "open"], _view.Findings.Select(f => f.ClientId).Order());
    }
}
