using System.Threading.Channels;
using Dashboard.Core.Events;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// The one consumer of the ingestion channel: reads what is waiting in batches, applies each batch
/// to live state, and tells the notifier which clients changed. Batching is what lets one consumer
/// keep up with a storm: one lock and one notification per batch, not per event.
/// </summary>
public sealed class EventPipeline(ChannelReader<ConnectionEvent> reader, LiveState state, ChangeNotifier notifier, int maxBatchSize = 2000)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<ConnectionEvent>(maxBatchSize);
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (batch.Count < maxBatchSize && reader.TryRead(out var e))
            {
                batch.Add(e);
            }

            var changed = state.ApplyBatch(batch);
            notifier.MarkChanged(changed);
            batch.Clear();
        }
    }
}
