using System.Buffers;
using Dashboard.Core.Events;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// What every source does with a payload: count it, parse it, record a failure or write the event
/// into the ingestion channel. Nothing slower runs on a source's receive path.
/// </summary>
public sealed class IngestWriter(EmqxEventParser parser, IngestChannel channel, IngestDiagnostics diagnostics, TimeProvider time)
{
    /// <summary>Returns false when the payload was not an event (the failure is recorded).</summary>
    public async ValueTask<bool> IngestAsync(
        IngestSourceStatus source,
        ReadOnlySequence<byte> payload,
        string? topic,
        EventSourceKind kind,
        CancellationToken cancellationToken)
    {
        var receivedAt = time.GetUtcNow();
        diagnostics.RecordReceived(source, receivedAt);
        var result = parser.Parse(payload, topic, kind, receivedAt);
        if (result.Event is not { } connectionEvent)
        {
            diagnostics.RecordParseFailure(source, result.Failure!);
            return false;
        }

        await channel.Writer.WriteAsync(connectionEvent, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
