using Dashboard.Core.Notifications;
using Dashboard.Tests.Shared;

namespace Dashboard.Core.Tests.Notifications;

public sealed class ChangeNotifierTests
{
    private readonly ChangeNotifier _notifier = new(TimeSpan.FromMilliseconds(100), TimeProvider.System, maxClientIdsPerChange: 3);

    [Fact]
    public async Task Coalesces_changes_into_one_notification()
    {
        var received = new List<LiveChange>();
        using var _ = _notifier.Subscribe(change => { received.Add(change); return Task.CompletedTask; });

        _notifier.MarkChanged(["a", "b"]);
        _notifier.MarkChanged(["b"]);
        await _notifier.PublishPendingAsync();
        await _notifier.PublishPendingAsync();

        var change = Assert.Single(received);
        Assert.Equal(["a", "b"], change.ChangedClientIds.Order());
        Assert.False(change.Truncated);
    }

    [Fact]
    public async Task Live_changes_and_stored_events_go_each_to_their_own_subscribers()
    {
        var live = new List<LiveChange>();
        var stored = new List<LiveChange>();
        using var liveSubscription = _notifier.Subscribe(change => { live.Add(change); return Task.CompletedTask; });
        using var storedSubscription = _notifier.SubscribeStored(change => { stored.Add(change); return Task.CompletedTask; });

        _notifier.MarkChanged(["a"]);
        await _notifier.PublishPendingAsync();
        _notifier.MarkStored(["a", "b"]);
        await _notifier.PublishPendingAsync();

        Assert.Equal(["a"], Assert.Single(live).ChangedClientIds);
        Assert.Equal(["a", "b"], Assert.Single(stored).ChangedClientIds.Order());
        Assert.True(stored[0].Sequence > live[0].Sequence);
        Assert.Equal(1, _notifier.SubscriberCount);
    }

    [Fact]
    public async Task Changes_published_by_hand_can_be_marked_again_and_again()
    {
        var received = 0;
        using var _ = _notifier.Subscribe(_ => { received++; return Task.CompletedTask; });

        for (var i = 0; i < 3; i++)
        {
            _notifier.MarkChanged([$"c{i}"]);
            await _notifier.PublishPendingAsync();
        }

        Assert.Equal(3, received);
    }

    [Fact]
    public async Task Marks_truncated_when_too_many_ids_changed()
    {
        LiveChange? last = null;
        using var _ = _notifier.Subscribe(change => { last = change; return Task.CompletedTask; });

        _notifier.MarkChanged(["a", "b", "c", "d", "e"]);
        await _notifier.PublishPendingAsync();

        Assert.True(last!.Truncated);
        Assert.Equal(3, last.ChangedClientIds.Count);
    }

    [Fact]
    public async Task A_disposed_subscription_hears_nothing_more()
    {
        var calls = 0;
        var subscription = _notifier.Subscribe(_ => { calls++; return Task.CompletedTask; });
        subscription.Dispose();
        subscription.Dispose();

        _notifier.MarkChanged(["a"]);
        await _notifier.PublishPendingAsync();

        Assert.Equal(0, calls);
        Assert.Equal(0, _notifier.SubscriberCount);
    }

    [Fact]
    public async Task A_failing_subscriber_does_not_stop_the_others()
    {
        var calls = 0;
        using var bad = _notifier.Subscribe(_ => throw new InvalidOperationException("boom"));
        using var good = _notifier.Subscribe(_ => { calls++; return Task.CompletedTask; });

        _notifier.MarkChanged(["a"]);
        await _notifier.PublishPendingAsync();

        Assert.Equal(1, calls);
        Assert.Equal(1, _notifier.SubscriberErrors);
    }

    [Fact]
    public async Task A_slow_subscriber_holds_up_no_one_and_gets_what_it_missed_in_one_change()
    {
        var slowCalls = new List<LiveChange>();
        var fastCalls = new List<LiveChange>();
        var firstSend = new TaskCompletionSource();
        using var slow = _notifier.Subscribe(change =>
        {
            slowCalls.Add(change);
            return slowCalls.Count == 1 ? firstSend.Task : Task.CompletedTask;
        });
        using var fast = _notifier.Subscribe(change => { fastCalls.Add(change); return Task.CompletedTask; });

        foreach (var id in new[] { "a", "b", "c" })
        {
            _notifier.MarkChanged([id]);
            var publish = _notifier.PublishPendingAsync();
            Assert.True(publish.IsCompleted, "the notifier waited for a slow subscriber");
            await publish;
        }

        Assert.Equal(3, fastCalls.Count);
        Assert.Single(slowCalls);

        firstSend.SetResult();
        await Until(() => slowCalls.Count == 2);
        Assert.Equal(["b", "c"], slowCalls[1].ChangedClientIds.Order());
        Assert.Equal(fastCalls[^1].Sequence, slowCalls[1].Sequence);
        Assert.False(slowCalls[1].Truncated);
    }

    [Fact]
    public async Task Changes_merged_for_a_slow_subscriber_keep_the_cap_and_say_truncated()
    {
        var calls = new List<LiveChange>();
        var firstSend = new TaskCompletionSource();
        using var _ = _notifier.Subscribe(change =>
        {
            calls.Add(change);
            return calls.Count == 1 ? firstSend.Task : Task.CompletedTask;
        });

        _notifier.MarkChanged(["a"]);
        await _notifier.PublishPendingAsync();
        _notifier.MarkChanged(["b", "c"]);
        await _notifier.PublishPendingAsync();
        _notifier.MarkChanged(["d", "e"]);
        await _notifier.PublishPendingAsync();
        firstSend.SetResult();

        await Until(() => calls.Count == 2);
        Assert.Equal(3, calls[1].ChangedClientIds.Count);
        Assert.True(calls[1].Truncated);
    }

    [Fact]
    public async Task The_run_loop_delivers_at_most_one_notification_per_interval()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2025, 6, 10, 10, 0, 0, TimeSpan.Zero));
        var notifier = new ChangeNotifier(TimeSpan.FromMilliseconds(300), time);
        var times = new List<DateTimeOffset>();
        using var _ = notifier.Subscribe(_ => { lock (times) { times.Add(time.GetUtcNow()); } return Task.CompletedTask; });
        using var cts = new CancellationTokenSource();
        var started = time.GetUtcNow();
        var loop = notifier.RunAsync(cts.Token);

        // Changes every 10 ms of the test clock for a second, then 400 ms without; the real pause
        // after each step only lets the loop run.
        for (var i = 0; i < 140; i++)
        {
            if (i < 100)
            {
                notifier.MarkChanged([$"c{i}"]);
            }

            time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1);
        }

        var elapsed = time.GetUtcNow() - started;
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);

        lock (times)
        {
            // A hundred changes over the run, but never more than one notification per interval.
            Assert.InRange(times.Count, 2, (int)(elapsed / TimeSpan.FromMilliseconds(300)) + 1);
            for (var i = 1; i < times.Count; i++)
            {
                Assert.True(times[i] - times[i - 1] >= TimeSpan.FromMilliseconds(290), $"notifications {i - 1} and {i} were {(times[i] - times[i - 1]).TotalMilliseconds} ms apart");
            }
        }
    }

    // The slow subscriber's catch-up runs as the continuation of its finished task: usually at once, but give it a moment.
    private static async Task Until(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 5000, "the slow subscriber never got its merged change");
            await Task.Delay(10);
        }
    }
}
