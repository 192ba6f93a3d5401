using System.Buffers;
using System.Threading.Channels;
using Dashboard.Core.Events;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// What every source does with a payload: count it, parse it, record a failure, and write it into
/// the ingestion channel with its acknowledgement. Nothing slower runs on a source's receive path.
/// </summary>
public sealed class IngestWriter(EmqxEventParser parser, IngestChannel channel, IngestDiagnostics diagnostics, TimeProvider time)
{
    /// <summary>
    /// Returns false when the payload was not an event (the failure is recorded). Either way
    /// <paramref name="acknowledge"/> is called by the pipeline once everything before it is durable.
    /// Once the channel is closed (the app is stopping) nothing is counted, written or acknowledged,
    /// and the result is false: the source delivers the payload again after the restart.
    /// </summary>
    public async ValueTask<bool> IngestAsync(
        IngestSourceStatus source,
        ReadOnlySequence<byte> payload,
        string? topic,
        EventSourceKind kind,
        Func<CancellationToken, Task>? acknowledge,
        CancellationToken cancellationToken)
    {
        if (channel.IsClosed)
        {
            return false;
        }

        var result = Parse(source, payload, topic, kind);
        try
        {
            await channel.Writer.WriteAsync(new IngestItem(result.Event, acknowledge, result.Access), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // Closed while this one waited for room: not taken, so not acknowledged. Not an error.
            return false;
        }

        return result.IsSuccess;
    }

    /// <summary>Counts and parses one payload; a failure is recorded in diagnostics.</summary>
    public ParseResult Parse(IngestSourceStatus source, ReadOnlySequence<byte> payload, string? topic, EventSourceKind kind)
    {
        var receivedAt = time.GetUtcNow();
        diagnostics.RecordReceived(source, receivedAt);
        var result = parser.Parse(payload, topic, kind, receivedAt);
        if (!result.IsSuccess)
        {
            diagnostics.RecordParseFailure(source, result.Failure!);
        }
        else if (result.Event?.TimeClamped == true || result.Access?.TimeClamped == true)
        {
            diagnostics.RecordClampedTime();
        }

        return result;
    }
}
