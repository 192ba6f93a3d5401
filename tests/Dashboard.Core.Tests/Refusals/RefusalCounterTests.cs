using Dashboard.Core.Live;
using Dashboard.Core.Refusals;
using Dashboard.Tests.Shared;
using static Dashboard.Tests.Shared.TestAccessEvents;

namespace Dashboard.Core.Tests.Refusals;

public sealed class RefusalCounterTests
{
    private readonly ManualTimeProvider _time = new(TestEvents.T0.AddHours(2));

    private DateTimeOffset Now => _time.GetUtcNow();

    [Fact]
    public void Counts_refused_connects_only_once_each_and_names_the_most_frequent_code()
    {
        var counter = new RefusalCounter(_time);

        // One refused CONNECT with a wrong password is a failed authentication and then the connack: one refusal.
        counter.Observe([
            AuthnFailed("a", 0) with { EventTime = Now.AddMinutes(-3) },
            Refused("a", 0) with { EventTime = Now.AddMinutes(-3) },
            Refused("b", 0, "banned") with { EventTime = Now.AddMinutes(-2) },
            Refused("c", 0) with { EventTime = Now.AddMinutes(-1) },
            Denied("d", 0, "t/1") with { EventTime = Now.AddMinutes(-1) },
            Refused("e", 0, "success") with { EventTime = Now.AddMinutes(-1) },
        ]);

        var summary = counter.LastHour();
        Assert.Equal(3, summary.Total);
        Assert.Equal("bad_username_or_password", summary.TopReason);
        Assert.Equal(2, summary.TopCount);
    }

    [Fact]
    public void Forgets_what_is_older_than_an_hour_and_counts_a_refusal_from_the_future_now()
    {
        var counter = new RefusalCounter(_time);
        counter.Observe([
            Refused("old", 0, "banned") with { EventTime = Now.AddMinutes(-61) },
            Refused("a", 0, "banned") with { EventTime = Now.AddMinutes(-50) },
            Refused("ahead", 0, "server_busy") with { EventTime = Now.AddMinutes(10) },
        ]);
        Assert.Equal(2, counter.LastHour().Total);

        _time.Advance(TimeSpan.FromMinutes(15));
        var summary = counter.LastHour();
        Assert.Equal(1, summary.Total);
        Assert.Equal("server_busy", summary.TopReason);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new RefusalSummary(Now, 0, null, 0, null), counter.LastHour());
    }

    [Fact]
    public void Says_since_when_it_counts_during_the_first_hour()
    {
        var counter = new RefusalCounter(_time);
        Assert.Equal(Now, counter.LastHour().CountingSince);

        _time.Advance(TimeSpan.FromMinutes(61));
        Assert.Null(counter.LastHour().CountingSince);
    }

    [Fact]
    public void Buckets_refusals_per_reason_code_and_bounds_the_codes_kept_per_minute()
    {
        var counter = new RefusalCounter(_time);
        var minute = Now.AddMinutes(-5);
        counter.Observe(Enumerable.Range(0, 100).Select(i => Refused($"c{i}", 0, $"made_up_{i}") with { EventTime = minute }));
        counter.Observe([Refused("x", 0) with { EventTime = Now.AddMinutes(-20) }]);

        var from = Core.Ranges.BucketRange.AlignDown(Now.AddMinutes(-30), TimeSpan.FromMinutes(15));
        var buckets = counter.Query(from, Now.AddMinutes(1), TimeSpan.FromMinutes(15));

        Assert.Equal(2, buckets.Count);
        Assert.Equal(1, buckets[0].Counts["bad_username_or_password"]);
        Assert.Equal(100, buckets[1].Counts.Values.Sum());
        Assert.Equal(65, buckets[1].Counts.Count);
        Assert.Equal(36, buckets[1].Counts[ReasonTimeline.OtherReasons]);
    }

    [Fact]
    public async Task Observing_from_one_thread_while_reading_from_others_loses_nothing()
    {
        var counter = new RefusalCounter(_time);
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.KeepAlive(counter.LastHour());
            }
        })).ToArray();

        for (var i = 0; i < 1000; i++)
        {
            counter.Observe([Refused($"c{i}", 0, i % 2 == 0 ? "banned" : "server_busy") with { EventTime = Now.AddSeconds(-i % 600) }]);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(1000, counter.LastHour().Total);
    }
}
