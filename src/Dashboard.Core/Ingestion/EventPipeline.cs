using System.Threading.Channels;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// The one consumer of the ingestion channel. For each batch of what is waiting: apply it to live
/// state and tell the notifier (so screens move at once), write it to history (retrying until the
/// store takes it), and only then acknowledge each item to its source, in arrival order. A crash at
/// any point before the acknowledgement means the source delivers again, and the store's identity
/// check makes that a no-op. Batching is what lets one consumer keep up with a storm.
/// </summary>
public sealed class EventPipeline(
    ChannelReader<IngestItem> reader,
    LiveState state,
    ChangeNotifier notifier,
    IHistoryStore? history,
    HistoryStatus historyStatus,
    TimeProvider time,
    int maxBatchSize = 2000,
    Action<IReadOnlyList<ConnectionEvent>>? onAccepted = null)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<IngestItem>(maxBatchSize);
        var events = new List<ConnectionEvent>(maxBatchSize);

        // The events live state did not recognise as repeats: only these go to the store. With $SYS
        // and a rule both on, every event arrives twice, and writing both would halve the store's rate.
        var fresh = new List<ConnectionEvent>(maxBatchSize);
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (batch.Count < maxBatchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
                if (item.Event is { } e)
                {
                    events.Add(e);
                }
            }

            notifier.MarkChanged(state.ApplyBatch(events, fresh));

            // Other projections (conflict detection) see each event once, in arrival order, on this thread.
            if (fresh.Count > 0)
            {
                onAccepted?.Invoke(fresh);
            }

            if (history is not null && fresh.Count > 0)
            {
                await WriteUntilStoredAsync(history, fresh, cancellationToken).ConfigureAwait(false);
            }

            await AcknowledgeAsync(batch, cancellationToken).ConfigureAwait(false);

            batch.Clear();
            events.Clear();
            fresh.Clear();
        }
    }

    private static async Task AcknowledgeAsync(List<IngestItem> batch, CancellationToken cancellationToken)
    {
        foreach (var item in batch)
        {
            if (item.Acknowledge is not { } acknowledge)
            {
                continue;
            }

            try
            {
                await acknowledge(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The source's connection went away after delivering: it will deliver again, and
                // the store will recognise the event. Nothing here is lost.
            }
        }
    }

    /// <summary>
    /// A store that fails (disk full, database restarting) holds ingestion here: nothing is
    /// acknowledged, the channel fills, and sources wait. The failure shows in diagnostics.
    /// </summary>
    private async Task WriteUntilStoredAsync(IHistoryStore store, List<ConnectionEvent> events, CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(200), MaxRetryDelay);
        while (true)
        {
            try
            {
                var stored = await store.AppendAsync(events, cancellationToken).ConfigureAwait(false);
                historyStatus.RecordWrite(events.Count, stored, time.GetUtcNow());
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                historyStatus.RecordFailure($"{store.Provider}: {ex.Message}", time.GetUtcNow());
                await Task.Delay(backoff.NextDelay(), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
