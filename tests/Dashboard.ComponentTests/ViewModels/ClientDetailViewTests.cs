using Dashboard.Core.Notifications;
using Dashboard.Tests.Components;
using Dashboard.ViewModels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.ViewModels;

/// <summary>The drill-down's logic without a renderer: which changes concern it, live status, history reads and failures.</summary>
public sealed class ClientDetailViewTests : IDisposable
{
    private const string ClientId = "sensor/1";
    private static readonly DateTimeOffset Now = DashboardTestHost.Start;

    private readonly LiveOnAClock _live = new();
    private readonly InMemoryHistoryStore _store = new();
    private readonly ClientDetailView _view;

    public ClientDetailViewTests()
    {
        _view = new ClientDetailView(_live.State, _store, _live.Time, NullLogger.Instance);
    }

    public void Dispose() => _live.Dispose();

    [Fact]
    public void Cares_about_changes_that_name_its_client_or_were_too_large_to_name_everyone()
    {
        _view.Show(ClientId);

        Assert.True(_view.Concerns(new LiveChange(1, ["other", ClientId], false)));
        Assert.False(_view.Concerns(new LiveChange(2, ["other", "SENSOR/1"], false)));
        Assert.True(_view.Concerns(new LiveChange(3, ["other"], true)));
    }

    [Fact]
    public async Task Showing_the_same_client_again_reads_nothing_once_it_is_loaded()
    {
        Assert.True(_view.Show(ClientId));
        Assert.True(_view.Show(ClientId));
        _view.BeginLoad();
        await _view.LoadHistoryAsync(Now.AddHours(-1), Now, CancellationToken.None);

        Assert.False(_view.Show(ClientId));
        Assert.True(_view.Show("other"));
    }

    [Fact]
    public async Task Live_status_follows_live_state_and_history_only_what_the_store_has()
    {
        var connected = TestEvents.Connected(ClientId, Now.AddMinutes(-5));
        _live.State.ApplyBatch([connected]);
        _store.Add(connected);
        _view.Show(ClientId);
        _view.BeginLoad();
        await _view.LoadHistoryAsync(Now.AddHours(-1), Now, CancellationToken.None);
        Assert.Single(_view.Events);

        var disconnected = TestEvents.Disconnected(connected, Now.AddMinutes(-1), "keepalive_timeout");
        _live.State.ApplyBatch([disconnected]);
        _view.ReadLive();
        Assert.False(_view.Live!.Online);
        Assert.Single(_view.Events);

        _store.Add(disconnected);
        await _view.LoadHistoryAsync(Now.AddHours(-1), Now, CancellationToken.None);

        Assert.Equal(2, _view.Events.Count);
        Assert.Equal(1, _view.Summary!.DisconnectCount);
        Assert.Single(_view.Sessions);
        Assert.NotNull(_view.ChartOptions);
    }

    [Fact]
    public async Task A_failing_store_keeps_what_was_shown_and_says_why_until_a_read_succeeds()
    {
        var connected = TestEvents.Connected(ClientId, Now.AddMinutes(-5));
        _store.Add(connected);
        _view.Show(ClientId);
        await _view.LoadHistoryAsync(Now.AddHours(-1), Now, CancellationToken.None);

        _store.FailWith = new IOException("disk gone at /var/lib/secret");
        await _view.LoadHistoryAsync(Now.AddHours(-1), Now, CancellationToken.None);
        Assert.Single(_view.Events);
        Assert.StartsWith("History could not be read (memory)", _view.LoadError);
        Assert.DoesNotContain("/var/lib", _view.LoadError, StringComparison.Ordinal);

        _store.FailWith = null;
        await _view.LoadHistoryAsync(Now.AddHours(-1), Now, CancellationToken.None);
        Assert.Null(_view.LoadError);
    }

    [Fact]
    public async Task A_cancelled_read_propagates_and_changes_nothing()
    {
        _store.Add(TestEvents.Connected(ClientId, Now.AddMinutes(-5)));
        _view.Show(ClientId);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _view.LoadHistoryAsync(Now.AddHours(-1), Now, cancelled.Token));

        Assert.Empty(_view.Events);
        Assert.Null(_view.LoadError);
    }

    [Fact]
    public void A_range_that_ends_now_slides_every_30_seconds_and_a_custom_one_never()
    {
        _view.Show(ClientId);
        _view.BeginLoad();
        _live.Time.Advance(TimeSpan.FromSeconds(29));
        _view.Tick();
        Assert.False(_view.SlideDue(fixedRange: false));

        _live.Time.Advance(TimeSpan.FromSeconds(1));
        _view.Tick();
        Assert.True(_view.SlideDue(fixedRange: false));
        Assert.False(_view.SlideDue(fixedRange: true));
    }
}
