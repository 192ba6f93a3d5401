using Dashboard.Core.Notifications;

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
    public async Task The_run_loop_delivers_at_most_one_notification_per_interval()
    {
        var notifier = new ChangeNotifier(TimeSpan.FromMilliseconds(300), TimeProvider.System);
        var times = new List<DateTimeOffset>();
        using var _ = notifier.Subscribe(_ => { lock (times) { times.Add(DateTimeOffset.UtcNow); } return Task.CompletedTask; });
        using var cts = new CancellationTokenSource();
        var started = DateTimeOffset.UtcNow;
        var loop = notifier.RunAsync(cts.Token);

        // Changes every 10 ms for about a second.
        for (var i = 0; i < 100; i++)
        {
            notifier.MarkChanged([$"c{i}"]);
            await Task.Delay(10);
        }

        await Task.Delay(400);
        var elapsed = DateTimeOffset.UtcNow - started;
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
}
