using System.Buffers;
using System.Text;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Core.Tests.Live;
using TestEvents = Dashboard.Core.Tests.Live.Events;

namespace Dashboard.Core.Tests.Ingestion;

public sealed class EventPipelineTests : IDisposable
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
        await RunToEndAsync(history: null);
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

        // The retry waits are real (200 ms, then 400 ms): the test clock drives no timers.
        var run = RunToEndAsync(store, status);
        while (status.WriteFailures < 2)
        {
            Assert.Empty(log);
            await Task.Delay(10);
        }

        await run;

        Assert.Equal(["a stored=1"], log);
        Assert.Equal(1, status.Stored);
        Assert.Equal("test: disk full", status.LastError);
        Assert.False(status.Failing);
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

        await RunToEndAsync(history: null);

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

    private static string Connect(string clientId) =>
        $$"""{"event":"client.connected","clientid":"{{clientId}}","connected_at":1749551400125,"peername":"10.0.0.1:1"}""";

    private static Func<CancellationToken, Task> Ack(List<string> log, string name, RecordingStore? store) => _ =>
    {
        log.Add($"{name} stored={store?.Events.Count ?? 0}");
        return Task.CompletedTask;
    };

    private ValueTask<bool> IngestAsync(string payload, Func<CancellationToken, Task>? acknowledge = null) =>
        _writer.IngestAsync(_source, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), "client_connected", EventSourceKind.Mqtt, acknowledge, CancellationToken.None);

    private async Task RunToEndAsync(IHistoryStore? history, HistoryStatus? status = null)
    {
        _channel.Writer.Complete();
        await new EventPipeline(_channel.Reader, _state, _notifier, history, status ?? new HistoryStatus("test"), _time).RunAsync(CancellationToken.None);
    }

    /// <summary>An in-memory store that can fail its first appends, to test the pipeline's retry.</summary>
    private sealed class RecordingStore : IHistoryStore
    {
        public List<ConnectionEvent> Events { get; } = [];

        public int FailuresBeforeSuccess { get; set; }

        /// <summary>When set, the first append waits for it: a slow disk.</summary>
        public TaskCompletionSource? Gate { get; set; }

        /// <summary>How many events each append was given.</summary>
        public List<int> Appends { get; } = [];

        public string Provider => "test";

        public async Task<int> AppendAsync(IReadOnlyList<ConnectionEvent> events, CancellationToken cancellationToken)
        {
            if (FailuresBeforeSuccess-- > 0)
            {
                throw new IOException("disk full");
            }

            lock (Appends)
            {
                Appends.Add(events.Count);
            }

            if (Gate is { } gate && Appends.Count == 1)
            {
                await gate.Task;
            }

            Events.AddRange(events);
            return events.Count;
        }

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<StoredEvent>> GetClientEventsAsync(string clientId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<StoredEvent> ExportAsync(DateTimeOffset from, DateTimeOffset to, string? clientId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<StoredEvent>> LoadLiveStateSeedAsync(DateTimeOffset since, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> PruneAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<HistoryStats> GetStatsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Dashboard.Core.Reasons.ReasonBucket>> GetReasonBucketsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Dashboard.Core.Reasons.ReasonClient>> GetClientsByReasonAsync(string reason, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
