using Dashboard.Core.Events;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Core.Tests.Live;
using TestEvents = Dashboard.Core.Tests.Live.Events;

namespace Dashboard.Core.Tests.Ingestion;

public sealed class EventPipelineTests
{
    [Fact]
    public async Task Parsed_payloads_flow_through_the_channel_into_live_state_and_a_notification()
    {
        var time = new ManualTimeProvider(TestEvents.At(0));
        var diagnostics = new IngestDiagnostics();
        var channel = new IngestChannel(capacity: 10);
        using var state = new LiveState(new LiveStateOptions(), diagnostics, time);
        var notifier = new ChangeNotifier(TimeSpan.FromMilliseconds(100), time);
        var writer = new IngestWriter(new EmqxEventParser(), channel, diagnostics, time);
        var source = diagnostics.AddSource("test", "in memory");
        var changes = new List<LiveChange>();
        using var _ = notifier.Subscribe(c => { changes.Add(c); return Task.CompletedTask; });

        var ok = await writer.IngestAsync(source, Bytes("""{"event":"client.connected","clientid":"a b/c","connected_at":1749551400125,"peername":"10.0.0.1:1"}"""), "client_connected", EventSourceKind.Mqtt, CancellationToken.None);
        var bad = await writer.IngestAsync(source, Bytes("{not json"), "client_connected", EventSourceKind.Mqtt, CancellationToken.None);
        channel.Writer.Complete();
        await new EventPipeline(channel.Reader, state, notifier).RunAsync(CancellationToken.None);
        await notifier.PublishPendingAsync();

        Assert.True(ok);
        Assert.False(bad);
        Assert.True(state.GetClient("a b/c")!.Online);
        Assert.Equal(2, diagnostics.Received);
        Assert.Equal(1, diagnostics.ParseFailures);
        Assert.Equal(1, source.ParseFailures);
        Assert.Equal("{not json", Assert.Single(diagnostics.RecentFailures()).RawSample);
        Assert.Equal(["a b/c"], Assert.Single(changes).ChangedClientIds);
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

    private static System.Buffers.ReadOnlySequence<byte> Bytes(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));
}
