using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.Notifications;
using Dashboard.Tests.Components;

namespace Dashboard.Tests.ViewModels;

/// <summary>The refresh plumbing under every live page, without a renderer: what triggers a read, and how requests coalesce.</summary>
public sealed class LiveRefreshTests
{
    private readonly ManualTimeProvider _time = new(DashboardTestHost.Start);
    private readonly ChangeNotifier _notifier;

    public LiveRefreshTests()
    {
        _notifier = new ChangeNotifier(TimeSpan.FromMilliseconds(100), _time);
    }

    [Fact]
    public async Task Reads_on_accepted_changes_stored_events_and_ticks_each_named()
    {
        var reads = new List<LiveTriggers>();
        await using var refresh = Create(reads, accepts: c => c.ChangedClientIds.Contains("a"), acceptsStored: c => c.ChangedClientIds.Contains("a"));

        await MarkAndPublishAsync(["b"], stored: false);
        await MarkAndPublishAsync(["b"], stored: true);
        Assert.Empty(reads);

        await MarkAndPublishAsync(["a"], stored: false);
        await MarkAndPublishAsync(["a"], stored: true);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([LiveTriggers.Change, LiveTriggers.Stored, LiveTriggers.Tick], reads);
    }

    [Fact]
    public async Task Does_not_listen_for_stored_events_unless_asked()
    {
        var reads = new List<LiveTriggers>();
        await using var refresh = Create(reads);

        await MarkAndPublishAsync(["a"], stored: true);

        Assert.Empty(reads);
    }

    [Fact]
    public async Task Requests_during_a_slow_read_fold_into_one_more_read_with_every_trigger()
    {
        var reads = new List<LiveTriggers>();
        var slow = new TaskCompletionSource();
        await using var refresh = Create(reads, acceptsStored: _ => true, read: why => reads.Count == 1 ? slow.Task : Task.CompletedTask);

        await MarkAndPublishAsync(["a"], stored: false);
        await MarkAndPublishAsync(["a"], stored: false);
        await MarkAndPublishAsync(["a"], stored: true);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(reads);

        slow.SetResult();
        await Until(() => reads.Count == 2);

        Assert.Equal([LiveTriggers.Change, LiveTriggers.Change | LiveTriggers.Stored | LiveTriggers.Tick], reads);
    }

    [Fact]
    public async Task Disposing_stops_every_source()
    {
        var reads = new List<LiveTriggers>();
        var refresh = Create(reads, acceptsStored: _ => true);
        await refresh.DisposeAsync();

        await MarkAndPublishAsync(["a"], stored: false);
        await MarkAndPublishAsync(["a"], stored: true);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(reads);
        Assert.Equal(0, _notifier.SubscriberCount);
        Assert.Equal(0, _time.ActiveTimersOf<LiveRefresh>());
    }

    private LiveRefresh Create(
        List<LiveTriggers> reads,
        Func<LiveChange, bool>? accepts = null,
        Func<LiveChange, bool>? acceptsStored = null,
        Func<LiveTriggers, Task>? read = null) =>
        new(
            _notifier,
            _time,
            TimeSpan.FromSeconds(1),
            work => work(),
            why =>
            {
                lock (reads)
                {
                    reads.Add(why);
                }

                return read?.Invoke(why) ?? Task.CompletedTask;
            },
            ex => throw ex,
            accepts,
            acceptsStored);

    private async Task MarkAndPublishAsync(string[] clientIds, bool stored)
    {
        if (stored)
        {
            _notifier.MarkStored(clientIds);
        }
        else
        {
            _notifier.MarkChanged(clientIds);
        }

        await _notifier.PublishPendingAsync();
    }

    private static async Task Until(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), "timed out");
            await Task.Delay(5);
        }
    }
}
