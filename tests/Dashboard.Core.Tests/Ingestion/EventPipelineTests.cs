using System.Diagnostics;
using System.Buffers;
using System.Text;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Tests.Shared;

namespace Dashboard.Core.Tests.Ingestion;

public sealed partial class EventPipelineTests : IDisposable
{
    private readonly ManualTimeProvider _time = new(TestEvents.At(0));
    private readonly IngestDiagnostics _diagnostics = new();
    private readonly IngestChannel _channel = new(capacity: 100);
    private readonly LiveState _state;
    private readonly ChangeNotifier _notifier;
    private readonly IngestWriter _writer;
    private readonly IngestSourceStatus _source;

    public EventPipelineTests()
    {
        _state = new LiveState(new LiveStateOptions(), _diagnostics, _time);
        _notifier = new ChangeNotifier(TimeSpan.FromMilliseconds(100), _time);
        _writer = new IngestWriter(new EmqxEventParser(), _channel, _diagnostics, _time);
        _source = _diagnostics.AddSource("test", "in memory");
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task Parsed_payloads_flow_through_the_channel_into_live_state_and_a_notification()
    {
        var changes = new List<LiveChange>();
        using var _ = _notifier.Subscribe(c => { changes.Add(c); return Task.CompletedTask; });

        var ok = await IngestAsync(Connect("a b/c"));
        var bad = await IngestAsync("{not json");
        await RunToEndAsync(history: new DisabledHistoryStore());
        await _notifier.PublishPendingAsync();

        Assert.True(ok);
        Assert.False(bad);
        Assert.True(_state.GetClient("a b/c")!.Online);
        Assert.Equal(2, _diagnostics.Received);
        Assert.Equal(1, _diagnostics.ParseFailures);
        Assert.Equal(1, _source.ParseFailures);
        Assert.Equal("{not json", Assert.Single(_diagnostics.RecentFailures()).RawSample);
        Assert.Equal(["a b/c"], Assert.Single(changes).ChangedClientIds);
    }

    [Fact]
    public async Task Acknowledges_every_item_in_arrival_order_only_after_the_batch_is_stored()
    {
        var store = new RecordingStore();
        var log = new List<string>();
        await IngestAsync(Connect("a"), Ack(log, "a", store));
        await IngestAsync("garbage", Ack(log, "garbage", store));
        await IngestAsync(Connect("b"), Ack(log, "b", store));

        await RunToEndAsync(store);

        Assert.Equal(["a stored=2", "garbage stored=2", "b stored=2"], log);
        Assert.Equal(["a", "b"], store.Events.Select(e => e.ClientId));
        Assert.Equal(2, store.Events.Count);
    }

    [Fact]
    public async Task Repeats_that_live_state_recognises_are_not_sent_to_the_store_but_still_acknowledged()
    {
        var store = new RecordingStore();
        var log = new List<string>();
        await IngestAsync(Connect("a"), Ack(log, "first", store));
        await IngestAsync(Connect("a"), Ack(log, "repeat", store));

        await RunToEndAsync(store);

        Assert.Single(store.Events);
        Assert.Equal(["first stored=1", "repeat stored=1"], log);
    }

    [Fact]
    public async Task A_failing_store_is_retried_and_nothing_is_acknowledged_until_it_succeeds()
    {
        var store = new RecordingStore { FailuresBeforeSuccess = 2 };
        var status = new HistoryStatus("test");
        var log = new List<string>();
        await IngestAsync(Connect("a"), Ack(log, "a", store));

        // The retry waits (200 ms, then 400 ms) are on the test clock: each is stepped over once it starts.
        var run = RunToEndAsync(store, status);
        while (!run.IsCompleted)
        {
            if (status.WriteFailures < 2)
            {
                Assert.Empty(log);
            }

            await StepOverWaitsAsync();
        }

        await run;

        Assert.Equal(["a stored=1"], log);
        Assert.Equal(1, status.Stored);
        // The kind of failure and a log reference, not the exception's text.
        Assert.Matches("^test: input/output error \\(ref [0-9a-f]{8}\\)$", status.LastError);
        Assert.False(status.Failing);
    }

    [Fact]
    public async Task Says_the_events_are_stored_only_once_the_store_has_taken_them()
    {
        var store = new RecordingStore { FailuresBeforeSuccess = 2 };
        var status = new HistoryStatus("test");
        var stored = new List<LiveChange>();
        using var _ = _notifier.SubscribeStored(c => { stored.Add(c); return Task.CompletedTask; });
        await IngestAsync(Connect("a"));

        var run = RunToEndAsync(store, status);
        while (!run.IsCompleted)
        {
            if (status.WriteFailures < 2)
            {
                await _notifier.PublishPendingAsync();
                Assert.Empty(stored);
            }

            await StepOverWaitsAsync();
        }

        await run;
        await _notifier.PublishPendingAsync();

        Assert.Equal(["a"], Assert.Single(stored).ChangedClientIds);
        Assert.Single(store.Events);
    }

    [Fact]
    public async Task With_history_off_nothing_is_said_to_be_stored()
    {
        var stored = 0;
        var live = 0;
        using var storedSubscription = _notifier.SubscribeStored(_ => { stored++; return Task.CompletedTask; });
        using var liveSubscription = _notifier.Subscribe(_ => { live++; return Task.CompletedTask; });
        await IngestAsync(Connect("a"));

        await RunToEndAsync(new DisabledHistoryStore());
        await _notifier.PublishPendingAsync();

        Assert.Equal(1, live);
        Assert.Equal(0, stored);
    }

    [Fact]
    public async Task One_row_the_store_rejects_for_good_is_dead_lettered_the_rest_stored_all_acknowledged_and_ingestion_goes_on()
    {
        var store = new RecordingStore { IsPoisoned = e => e.ClientId == "poison" };
        var status = new HistoryStatus("test");
        var warnings = new List<string>();
        var log = new List<string>();
        string[] ids = ["c0", "c1", "c2", "c3", "poison", "c5", "c6", "c7", "c8"];
        foreach (var id in ids)
        {
            await IngestAsync(Connect(id), Ack(log, id, store));
        }

        var run = new EventPipeline(_channel.Reader, _state, _notifier, store, status, _time, onHistoryWarning: (message, _) => warnings.Add(message))
            .RunAsync(CancellationToken.None);
        await WaitUntilAsync(() => log.Count == ids.Length);

        // Ingestion goes on: a later event is stored and acknowledged.
        await IngestAsync(Connect("later"), Ack(log, "later", store));
        _channel.Writer.Complete();
        await run;

        Assert.Equal(["c0", "c1", "c2", "c3", "c5", "c6", "c7", "c8", "later"], store.Events.Select(e => e.ClientId));
        Assert.Equal("poison", Assert.Single(store.DeadLetters).Event.ClientId);
        Assert.Equal([.. ids.Select(id => $"{id} stored=8"), "later stored=9"], log);
        Assert.Equal((9L, 0L, 1L, 0L, 0L), (status.Stored, status.AlreadyStored, status.DeadLettered, status.Lost, status.WriteFailures));
        Assert.False(status.Failing);

        // Splitting 9 rows around the bad fifth: 9 → 4 (stored) + 5 → 2 + 3 (stored) → 1 (bad) + 1 (stored); then the later batch.
        Assert.Equal([9, 4, 5, 2, 1, 1, 3, 1], store.Appends);
        var warning = Assert.Single(warnings);
        Assert.Contains("POISON", warning);
        Assert.DoesNotContain("poison", warning);
    }

    [Fact]
    public async Task Several_bad_rows_in_one_batch_are_each_dead_lettered()
    {
        var store = new RecordingStore { IsPoisoned = e => e.ClientId.StartsWith("bad", StringComparison.Ordinal) };
        var status = new HistoryStatus("test");
        foreach (var id in new[] { "bad1", "a", "b", "bad2", "c", "bad3" })
        {
            await IngestAsync(Connect(id));
        }

        await RunToEndAsync(store, status);

        Assert.Equal(["a", "b", "c"], store.Events.Select(e => e.ClientId));
        Assert.Equal(["bad1", "bad2", "bad3"], store.DeadLetters.Select(d => d.Event.ClientId));
        Assert.Equal((3L, 3L), (status.Stored, status.DeadLettered));
    }

    [Fact]
    public async Task A_dead_letter_rejected_for_good_too_is_counted_as_lost_and_ingestion_goes_on()
    {
        var store = new RecordingStore { IsPoisoned = e => e.ClientId == "poison", RejectDeadLetters = true };
        var status = new HistoryStatus("test");
        var warnings = new List<string>();
        var log = new List<string>();
        foreach (var id in new[] { "a", "poison", "b" })
        {
            await IngestAsync(Connect(id), Ack(log, id, store));
        }

        _channel.Writer.Complete();
        await new EventPipeline(_channel.Reader, _state, _notifier, store, status, _time, onHistoryWarning: (message, _) => warnings.Add(message)).RunAsync(CancellationToken.None);

        Assert.Equal(["a", "b"], store.Events.Select(e => e.ClientId));
        Assert.Equal(["a stored=2", "poison stored=2", "b stored=2"], log);
        Assert.Equal((2L, 0L, 1L), (status.Stored, status.DeadLettered, status.Lost));
        Assert.Contains("dropped", Assert.Single(warnings));
        Assert.DoesNotContain("poison", warnings[0]);
    }

    [Fact]
    public async Task A_transient_error_is_not_split_but_retried_whole()
    {
        var store = new RecordingStore { FailuresBeforeSuccess = 1 };
        var status = new HistoryStatus("test");
        foreach (var id in new[] { "a", "b", "c" })
        {
            await IngestAsync(Connect(id));
        }

        var run = RunToEndAsync(store, status);
        while (!run.IsCompleted)
        {
            await StepOverWaitsAsync();
        }

        await run;

        Assert.Equal([3], store.Appends);
        Assert.Empty(store.DeadLetters);
        Assert.Equal((3L, 0L, 1L), (status.Stored, status.DeadLettered, status.WriteFailures));
    }

    [Fact]
    public async Task Batches_applied_while_a_write_waits_are_stored_together_then_acknowledged_in_order()
    {
        var store = new RecordingStore { Gate = new TaskCompletionSource() };
        var log = new List<string>();
        await IngestAsync(Connect("a"), Ack(log, "a", store));
        var run = new EventPipeline(_channel.Reader, _state, _notifier, store, new HistoryStatus("test"), _time, maxBatchSize: 1)
            .RunAsync(CancellationToken.None);
        while (store.Appends.Count == 0)
        {
            await Task.Delay(5);
        }

        // The first write holds the disk; the next batches are applied meanwhile and wait for it.
        foreach (var id in new[] { "b", "c", "d" })
        {
            await IngestAsync(Connect(id), Ack(log, id, store));
        }

        while (_state.GetClient("d") is null)
        {
            await Task.Delay(5);
        }

        Assert.Empty(log);
        store.Gate.SetResult();
        _channel.Writer.Complete();
        await run;

        Assert.Equal([1, 3], store.Appends);
        Assert.Equal(["a stored=1", "b stored=4", "c stored=4", "d stored=4"], log);
    }

    [Fact]
    public async Task An_acknowledgement_that_fails_does_not_stop_the_pipeline()
    {
        var log = new List<string>();
        await IngestAsync(Connect("a"), _ => throw new InvalidOperationException("connection gone"));
        await IngestAsync(Connect("b"), Ack(log, "b", null));

        await RunToEndAsync(history: new DisabledHistoryStore());

        Assert.Equal(["b stored=0"], log);
        Assert.True(_state.GetClient("b")!.Online);
    }

    [Fact]
    public void Keeps_only_the_configured_number_of_parse_failures_newest_first()
    {
        var diagnostics = new IngestDiagnostics(failuresKept: 2);
        var source = diagnostics.AddSource("test", "in memory");
        foreach (var raw in new[] { "one", "two", "three" })
        {
            diagnostics.RecordParseFailure(source, new ParseFailure("bad", raw, null, EventSourceKind.Mqtt, TestEvents.At(0), raw.Length));
        }

        Assert.Equal(["three", "two"], diagnostics.RecentFailures().Select(f => f.RawSample));
        Assert.Equal(3, diagnostics.ParseFailures);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "timed out");
            await Task.Delay(5);
        }
    }

    /// <summary>Fires the next timer the pipeline waits on, or lets it run a little when none waits yet.</summary>
    private async Task StepOverWaitsAsync()
    {
        if (!_time.AdvanceToNextTimer())
        {
            await Task.Delay(1);
        }
    }

    private static string Connect(string clientId) =>
        $$"""{"event":"client.connected","clientid":"{{clientId}}","connected_at":1749551400125,"peername":"10.0.0.1:1"}""";

    private static Func<CancellationToken, Task> Ack(List<string> log, string name, RecordingStore? store) => _ =>
    {
        log.Add($"{name} stored={store?.Events.Count ?? 0}");
        return Task.CompletedTask;
    };

    private ValueTask<bool> IngestAsync(string payload, Func<CancellationToken, Task>? acknowledge = null) =>
        _writer.IngestAsync(_source, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), "client_connected", EventSourceKind.Mqtt, acknowledge, CancellationToken.None);

    private async Task RunToEndAsync(IHistoryStore history, HistoryStatus? status = null, AccessCounts? accessCounts = null)
    {
        _channel.Writer.Complete();
        await new EventPipeline(_channel.Reader, _state, _notifier, history, status ?? new HistoryStatus("test"), _time, accessCounts: accessCounts)
            .RunAsync(CancellationToken.None);
    }
}
