using System.Threading.Channels;
using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.Core.Ingestion;

/// <summary>A batch that live state has taken: its items (for acknowledgement) and the events history still needs.</summary>
internal sealed record AppliedBatch(List<IngestItem> Items, List<ConnectionEvent> Fresh);

/// <summary>
/// The second stage of <see cref="EventPipeline"/>: store, then acknowledge, batch after batch in
/// arrival order. Batches that queued up while the previous write ran go to the store together, in
/// one transaction (one disk sync), up to <paramref name="maxEventsPerWrite"/> events.
/// </summary>
internal sealed class DurableStage(
    ChannelReader<AppliedBatch> applied,
    IHistoryStore? history,
    HistoryStatus historyStatus,
    TimeProvider time,
    int maxEventsPerWrite)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var taken = new List<AppliedBatch>();
        var events = new List<ConnectionEvent>(maxEventsPerWrite);
        while (await applied.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while ((taken.Count == 0 || events.Count < maxEventsPerWrite) && applied.TryRead(out var batch))
            {
                taken.Add(batch);
                events.AddRange(batch.Fresh);
            }

            if (history is not null && events.Count > 0)
            {
                await WriteUntilStoredAsync(history, events, cancellationToken).ConfigureAwait(false);
            }

            foreach (var batch in taken)
            {
                await AcknowledgeAsync(batch.Items, cancellationToken).ConfigureAwait(false);
            }

            taken.Clear();
            events.Clear();
        }
    }

    /// <summary>
    /// Every acknowledgement of a batch is started in arrival order, then all are awaited together:
    /// MQTTnet queues its sends in call order, so PUBACKs still leave in the order the messages came
    /// (MQTT requires it), without waiting for each one before starting the next.
    /// </summary>
    private static async Task AcknowledgeAsync(List<IngestItem> items, CancellationToken cancellationToken)
    {
        var pending = new List<Task>(items.Count);
        foreach (var item in items)
        {
            if (item.Acknowledge is { } acknowledge)
            {
                pending.Add(AcknowledgeOneAsync(acknowledge, cancellationToken));
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private static async Task AcknowledgeOneAsync(Func<CancellationToken, Task> acknowledge, CancellationToken cancellationToken)
    {
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

    /// <summary>
    /// A store that fails (disk full, database restarting) holds ingestion here: nothing is
    /// acknowledged, the stages fill, and sources wait. The failure shows in diagnostics.
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
