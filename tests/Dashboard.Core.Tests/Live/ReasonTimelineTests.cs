using Dashboard.Core.Events;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Tests.Shared;
using Dashboard.Core.Reasons;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Core.Tests.Live;

public sealed class ReasonTimelineTests
{
    private const long Minute = 60_000;
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Counts_disconnects_per_reason_and_connects_per_minute_bucket()
    {
        var timeline = new ReasonTimeline(60);
        var now = At(10 * Minute);
        timeline.Add(ConnectionEventKind.Disconnected, "tcp_closed", At(0), now);
        timeline.Add(ConnectionEventKind.Disconnected, "tcp_closed", At(Minute - 1), now);
        timeline.Add(ConnectionEventKind.Disconnected, "keepalive_timeout", At(Minute), now);
        timeline.Add(ConnectionEventKind.Connected, null, At(Minute + 5), now);
        timeline.Add(ConnectionEventKind.Disconnected, null, At(Minute + 6), now);

        var buckets = timeline.Query(At(0), At(10 * Minute), OneMinute, now);

        Assert.Equal([At(0), At(Minute)], buckets.Select(b => b.Start));
        Assert.Equal(2, buckets[0].Counts["tcp_closed"]);
        Assert.Equal(0, buckets[0].Connects);
        Assert.Equal(1, buckets[1].Counts["keepalive_timeout"]);
        Assert.Equal(1, buckets[1].Counts[ReasonBucket.NoReason]);
        Assert.Equal(1, buckets[1].Connects);
    }

    [Fact]
    public void Larger_buckets_sum_their_minutes_from_the_range_start_within_from_inclusive_to_exclusive()
    {
        var timeline = new ReasonTimeline(60);
        var now = At(30 * Minute);
        for (var m = 0; m < 20; m++)
        {
            timeline.Add(ConnectionEventKind.Disconnected, "normal", At(m * Minute), now);
        }

        var buckets = timeline.Query(At(2 * Minute), At(12 * Minute), TimeSpan.FromMinutes(5), now);

        Assert.Equal([At(2 * Minute), At(7 * Minute)], buckets.Select(b => b.Start));
        Assert.All(buckets, b => Assert.Equal(5, b.Counts["normal"]));
    }

    [Fact]
    public void Unknown_reasons_stay_verbatim_and_too_many_distinct_ones_fold_into_other()
    {
        var timeline = new ReasonTimeline(10);
        var now = At(0);
        timeline.Add(ConnectionEventKind.Disconnected, "Brand-New reason/ü", now, now);
        for (var i = 0; i < ReasonTimeline.MaxReasonsPerMinute + 5; i++)
        {
            timeline.Add(ConnectionEventKind.Disconnected, $"made-up-{i}", now, now);
        }

        var bucket = Assert.Single(timeline.Query(now, now + OneMinute, OneMinute, now));

        Assert.Equal(1, bucket.Counts["Brand-New reason/ü"]);
        Assert.Equal(ReasonTimeline.MaxReasonsPerMinute + 1, bucket.Counts.Count);
        Assert.Equal(6, bucket.Counts[ReasonTimeline.OtherReasons]);
    }

    [Fact]
    public void Events_from_the_future_count_now_and_events_older_than_the_window_are_ignored()
    {
        var timeline = new ReasonTimeline(10);
        var now = At(100 * Minute);
        timeline.Add(ConnectionEventKind.Disconnected, "future", At(105 * Minute), now);
        timeline.Add(ConnectionEventKind.Disconnected, "old", At(90 * Minute), now);
        timeline.Add(ConnectionEventKind.Disconnected, "oldest-kept", At(91 * Minute), now);

        var buckets = timeline.Query(At(0), At(200 * Minute), OneMinute, now);

        Assert.Equal(["oldest-kept", "future"], buckets.SelectMany(b => b.Counts.Keys));
        Assert.Equal(At(100 * Minute), buckets[1].Start);
        Assert.Equal(At(91 * Minute), timeline.OldestAt(now));
    }

    [Fact]
    public void Slots_are_reused_as_time_moves_on_and_never_counted_twice()
    {
        var timeline = new ReasonTimeline(5);
        timeline.Add(ConnectionEventKind.Disconnected, "normal", At(0), At(0));

        // Minute 5 takes minute 0's slot: the old count is gone, not added.
        timeline.Add(ConnectionEventKind.Disconnected, "kicked", At(5 * Minute), At(5 * Minute));

        var buckets = timeline.Query(At(0), At(10 * Minute), OneMinute, At(5 * Minute));
        var bucket = Assert.Single(buckets);
        Assert.Equal(At(5 * Minute), bucket.Start);
        Assert.Equal(["kicked"], bucket.Counts.Keys);

        // Read later, a minute that has left the window is not shown even though its slot still holds it.
        Assert.Empty(timeline.Query(At(0), At(20 * Minute), OneMinute, At(10 * Minute)));
    }

    [Fact]
    public void The_online_count_is_the_latest_sample_in_each_bucket()
    {
        var timeline = new ReasonTimeline(10);
        timeline.SampleOnline(3, At(0));
        timeline.SampleOnline(4, At(30_000));
        timeline.SampleOnline(7, At(Minute));

        var fiveMinutes = Assert.Single(timeline.Query(At(0), At(5 * Minute), TimeSpan.FromMinutes(5), At(Minute)));
        var perMinute = timeline.Query(At(0), At(5 * Minute), OneMinute, At(Minute));

        Assert.Equal(7, fiveMinutes.Online);
        Assert.Equal([4, 7], perMinute.Select(b => b.Online));
    }

    [Fact]
    public void Readers_get_copies()
    {
        var timeline = new ReasonTimeline(10);
        timeline.Add(ConnectionEventKind.Disconnected, "normal", At(0), At(0));
        var before = Assert.Single(timeline.Query(At(0), At(Minute), OneMinute, At(0)));

        timeline.Add(ConnectionEventKind.Disconnected, "normal", At(0), At(0));

        Assert.Equal(1, before.Counts["normal"]);
    }

    [Fact]
    public void Live_state_feeds_the_timeline_skipping_duplicates_and_merges_and_samples_online()
    {
        var time = new ManualTimeProvider(At(10 * Minute));
        using var state = new LiveState(new LiveStateOptions(), new IngestDiagnostics(), time);
        var connect = Connected("a", 9 * Minute);
        state.ApplyBatch([connect, connect, Connected("b", 9 * Minute + 1), Disconnected("b", 9 * Minute + 2, 9 * Minute + 1, "kicked")]);
        state.ApplyBatch([Disconnected("c", 9 * Minute + 3, null, "whatever_new")]);

        var bucket = Assert.Single(state.GetReasonBuckets(At(0), At(11 * Minute), TimeSpan.FromMinutes(11)));

        Assert.Equal(2, bucket.Connects);
        Assert.Equal(1, bucket.Counts["kicked"]);
        Assert.Equal(1, bucket.Counts["whatever_new"]);
        Assert.Equal(state.GetSummary().Online, bucket.Online);
        Assert.Equal(1, bucket.Online);
        Assert.Equal(At(10 * Minute) - TimeSpan.FromHours(24) + OneMinute, state.ReasonWindowStart);
    }

    [Fact]
    public void Live_state_leaves_the_restored_seed_out_and_is_complete_from_the_first_whole_minute_after_start()
    {
        var time = new ManualTimeProvider(At((10 * Minute) + 30_000));
        using var state = new LiveState(new LiveStateOptions(), new IngestDiagnostics(), time);

        state.Restore([Connected("a", 5 * Minute), Disconnected("a", 6 * Minute, 5 * Minute, "normal")]);

        // Only the online sample taken after the restore: no counts.
        var bucket = Assert.Single(state.GetReasonBuckets(At(0), At(20 * Minute), OneMinute));
        Assert.Empty(bucket.Counts);
        Assert.Equal(0, bucket.Connects);
        Assert.Equal(At(11 * Minute), state.ReasonsCompleteSince);
        time.Advance(TimeSpan.FromHours(30));
        Assert.Equal(state.ReasonWindowStart, state.ReasonsCompleteSince);
    }
}
