using System.Buffers;
using System.Text;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Tests.Shared;

namespace Dashboard.Core.Tests.Ingestion;

/// <summary>
/// The clean stop's part in the core: a closed channel takes nothing more (quietly: no parse failure,
/// no acknowledgement), and the pipeline drains what it holds before it ends.
/// </summary>
public sealed class PipelineDrainTests : IDisposable
{
    private readonly ManualTimeProvider _time = new(TestEvents.At(0));
    private readonly IngestDiagnostics _diagnostics = new();
    private readonly LiveState _state;
    private readonly IngestSourceStatus _source;

    public PipelineDrainTests()
    {
        _state = new LiveState(new LiveStateOptions(), _diagnostics, _time);
        _source = _diagnostics.AddSource("test", "in memory");
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task Closing_the_channel_mid_stream_drains_it_every_item_stored_and_acknowledged_in_order_before_the_pipeline_ends()
    {
        const int items = 50;
        var channel = new IngestChannel(capacity: 100);
        var writer = new IngestWriter(new EmqxEventParser(), channel, _diagnostics, _time);
        var store = new RecordingStore { Gate = new TaskCompletionSource() };
        var acknowledged = new List<int>();
        for (var i = 0; i < items; i++)
        {
            var n = i;
            await IngestAsync(writer, i % 10 == 9 ? "garbage" : Connect(n), _ => { lock (acknowledged) { acknowledged.Add(n); } return Task.CompletedTask; });
        }

        var pipeline = new EventPipeline(channel.Reader, _state, new ChangeNotifier(TimeSpan.FromMilliseconds(100), _time), store, new HistoryStatus("test"), _time, maxBatchSize: 7);
        var run = pipeline.RunAsync(CancellationToken.None);

        // The first write holds the disk while the stop begins: the rest is still in the channel.
        while (store.Appends.Count == 0)
        {
            await Task.Delay(5);
        }

        channel.Close();
        Assert.False(run.IsCompleted);
        store.Gate.SetResult();
        await run;

        Assert.Equal(Enumerable.Range(0, items), acknowledged);
        Assert.Equal(Enumerable.Range(0, items).Where(i => i % 10 != 9).Select(i => $"c{i}"), store.Events.Select(e => e.ClientId));
        Assert.Equal(items, pipeline.Progress.ItemsDone);
        Assert.Equal(0, pipeline.Progress.AcknowledgementsFailed);
        Assert.Equal(0, channel.Backlog);
    }

    [Fact]
    public async Task A_closed_channel_takes_nothing_and_counts_nothing_and_a_writer_waiting_for_room_is_let_go_quietly()
    {
        var channel = new IngestChannel(capacity: 1);
        var writer = new IngestWriter(new EmqxEventParser(), channel, _diagnostics, _time);
        var acknowledged = 0;
        Func<CancellationToken, Task> ack = _ => { acknowledged++; return Task.CompletedTask; };
        Assert.True(await IngestAsync(writer, Connect(1), ack));

        // The channel is full: this writer waits for room when the stop closes it.
        var waiting = IngestAsync(writer, Connect(3), ack).AsTask();
        Assert.False(waiting.IsCompleted);
        channel.Close();

        Assert.False(await waiting);
        Assert.False(await IngestAsync(writer, Connect(2), ack));
        Assert.True(channel.IsClosed);
        Assert.Equal(1, channel.Backlog);

        // The one taken before the stop is applied and acknowledged; the rest were never taken.
        await new EventPipeline(channel.Reader, _state, new ChangeNotifier(TimeSpan.FromMilliseconds(100), _time), new DisabledHistoryStore(), new HistoryStatus("test"), _time).RunAsync(CancellationToken.None);
        Assert.Equal(1, acknowledged);
        Assert.Equal(0, _diagnostics.ParseFailures);
        Assert.Equal(2, _diagnostics.Received);
        Assert.Null(_state.GetClient("c2"));
        Assert.Null(_state.GetClient("c3"));
    }

    private static string Connect(int n) =>
        $$"""{"event":"client.connected","clientid":"c{{n}}","connected_at":{{1749551400125 + n}},"peername":"10.0.0.1:1"}""";

    private ValueTask<bool> IngestAsync(IngestWriter writer, string payload, Func<CancellationToken, Task> acknowledge) =>
        writer.IngestAsync(_source, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), "client_connected", EventSourceKind.Mqtt, acknowledge, CancellationToken.None);
}
