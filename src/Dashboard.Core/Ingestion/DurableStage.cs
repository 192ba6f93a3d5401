using System.Threading.Channels;
using Dashboard.Core.Errors;
using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// A batch that live state has taken: its items (for acknowledgement), the events history still needs,
/// and the access failures (refused connects, failed authentications, denials) to store beside them.
/// </summary>
internal sealed record AppliedBatch(List<IngestItem> Items, List<ConnectionEvent> Fresh, List<AccessEvent> AccessFailures);

/// <summary>
/// The second stage of <see cref="EventPipeline"/>: store, then acknowledge, batch after batch in
/// arrival order. Batches that queued up while the previous write ran go to the store together, in
/// one transaction (one disk sync), up to <paramref name="maxEventsPerWrite"/> events.
/// A row the store rejects for good is found by splitting the batch and goes to the dead-letter
/// table (see <see cref="StoreOrSplitAsync"/>); <paramref name="warn"/> hears of it, without payload.
/// <paramref name="stored"/> hears of every write the store accepted (before the acknowledgements),
/// so pages that read history re-read it when, and only when, it has the events;
/// <paramref name="storedAccess"/> likewise hears of every write of access failures.
/// </summary>
internal sealed class DurableStage(
    ChannelReader<AppliedBatch> applied,
    IHistoryStore history,
    HistoryStatus historyStatus,
    TimeProvider time,
    int maxEventsPerWrite,
    Action<string, Exception?>? warn = null,
    Action<IReadOnlyList<ConnectionEvent>>? stored = null,
    PipelineProgress? progress = null,
    Action<IReadOnlyList<AccessEvent>>? storedAccess = null)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var taken = new List<AppliedBatch>();
        var events = new List<ConnectionEvent>(maxEventsPerWrite);
        var accessFailures = new List<AccessEvent>();
        while (await applied.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while ((taken.Count == 0 || events.Count + accessFailures.Count < maxEventsPerWrite) && applied.TryRead(out var batch))
            {
                taken.Add(batch);
                events.AddRange(batch.Fresh);
                accessFailures.AddRange(batch.AccessFailures);
            }

            if (history.IsEnabled && events.Count > 0)
            {
                await WriteUntilStoredAsync(history, events, cancellationToken).ConfigureAwait(false);
                stored?.Invoke(events);
            }

            // Stored under the same discipline as the connection events, before any item is acknowledged.
            if (history.IsEnabled && accessFailures.Count > 0)
            {
                await RetryUntilStoredAsync(history, () => StoreAccessFailuresAsync(history, accessFailures, cancellationToken), cancellationToken).ConfigureAwait(false);
                storedAccess?.Invoke(accessFailures);
            }

            foreach (var batch in taken)
            {
                await AcknowledgeAsync(batch.Items, cancellationToken).ConfigureAwait(false);
                progress?.AddDone(batch.Items.Count);
            }

            taken.Clear();
            events.Clear();
            accessFailures.Clear();
        }
    }

    /// <summary>
    /// Every acknowledgement of a batch is started in arrival order, then all are awaited together:
    /// MQTTnet queues its sends in call order, so PUBACKs still leave in the order the messages came
    /// (MQTT requires it), without waiting for each one before starting the next.
    /// </summary>
    private async Task AcknowledgeAsync(List<IngestItem> items, CancellationToken cancellationToken)
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

    private async Task AcknowledgeOneAsync(Func<CancellationToken, Task> acknowledge, CancellationToken cancellationToken)
    {
        try
        {
            await acknowledge(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The source's connection went away after delivering: it will deliver again, and
            // the store will recognise the event. Nothing here is lost.
            progress?.AddFailedAcknowledgement();
        }
    }

    /// <summary>
    /// A store that fails (disk full, database restarting) holds ingestion here: nothing is
    /// acknowledged, the stages fill, and sources wait. The failure shows in diagnostics. Only a
    /// transient failure waits: rows the store rejects for good are dead-lettered on the way.
    /// A retry after a transient failure repeats the whole batch; what an earlier attempt stored
    /// (or dead-lettered) is then recognised by its identity and skipped.
    /// </summary>
    private Task WriteUntilStoredAsync(IHistoryStore store, List<ConnectionEvent> events, CancellationToken cancellationToken)
    {
        var batch = new ArraySegment<ConnectionEvent>([.. events]);
        return RetryUntilStoredAsync(store, async () =>
        {
            var started = time.GetTimestamp();
            var (stored, rejected) = await StoreOrSplitAsync(
                store,
                batch,
                rows => store.AppendAsync(rows, cancellationToken),
                (row, failure, error) => DeadLetterAsync(store, row, failure, error, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            historyStatus.RecordWrite(events.Count - rejected, stored, time.GetUtcNow(), time.GetElapsedTime(started));
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="write"/> until it succeeds, waiting longer after each failure (see above).</summary>
    private async Task RetryUntilStoredAsync(IHistoryStore store, Func<Task> write, CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(200), MaxRetryDelay);
        while (true)
        {
            try
            {
                await write().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Users see the kind of failure and a reference; the exception (which can name the
                // database host or a file path) goes only to the log, next to that reference.
                var reference = ErrorSummary.NewReference();
                historyStatus.RecordFailure($"{store.Provider}: {ErrorSummary.ForUsers(ex, reference)}", time.GetUtcNow());
                warn?.Invoke($"History ({store.Provider}) could not be written; retrying ({reference})", ex);
                await Task.Delay(backoff.NextDelay(), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Stores <paramref name="rows"/> in one transaction (<paramref name="append"/>); when the store rejects
    /// it for good, stores each half the same way, down to the single rows that fail, which go to
    /// <paramref name="reject"/> (connection events: the dead-letter table). One bad row
    /// in n costs about 2·log2(n) extra transactions; the rows keep their batch order.
    /// Returns how many rows were new and how many were rejected.
    /// </summary>
    private async Task<(int Stored, int Rejected)> StoreOrSplitAsync<T>(
        IHistoryStore store,
        ArraySegment<T> rows,
        Func<ArraySegment<T>, Task<int>> append,
        Func<T, Exception, HistoryWriteError, Task> reject,
        CancellationToken cancellationToken)
    {
        HistoryWriteError error;
        Exception failure;
        try
        {
            return (await append(rows).ConfigureAwait(false), 0);
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken) && store.Classify(ex) is { IsPermanent: true } permanent)
        {
            (error, failure) = (permanent, ex);
        }

        if (rows.Count == 1)
        {
            await reject(rows[0], failure, error).ConfigureAwait(false);
            return (0, 1);
        }

        var half = rows.Count / 2;
        var first = await StoreOrSplitAsync(store, rows[..half], append, reject, cancellationToken).ConfigureAwait(false);
        var second = await StoreOrSplitAsync(store, rows[half..], append, reject, cancellationToken).ConfigureAwait(false);
        return (first.Stored + second.Stored, first.Rejected + second.Rejected);
    }

    /// <summary>
    /// Stores the access failures like the connection events, splitting around a row the store rejects
    /// for good. There is no dead-letter table for them (the raw payload is in the row itself): a rejected
    /// one is counted as lost and dropped, with a warning that names the error code only.
    /// </summary>
    private async Task StoreAccessFailuresAsync(IHistoryStore store, List<AccessEvent> failures, CancellationToken cancellationToken)
    {
        await StoreOrSplitAsync(
            store,
            new ArraySegment<AccessEvent>([.. failures]),
            rows => store.AppendAccessFailuresAsync(rows, cancellationToken),
            (_, _, error) =>
            {
                historyStatus.RecordLost();
                warn?.Invoke($"History ({store.Provider}) rejected a refused-connection record for good ({error.Code}); it is dropped, and ingestion goes on.", null);
                return Task.CompletedTask;
            },
            cancellationToken).ConfigureAwait(false);
        historyStatus.RecordAccessWrite(time.GetUtcNow());
    }

    /// <summary>
    /// Keeps the rejected event in the dead-letter table. If that write is rejected for good as well,
    /// the event is counted as lost and dropped: ingestion must not stall on it. A transient failure
    /// propagates, and the batch is retried. The warnings name codes only, never the event's contents.
    /// </summary>
    private async Task DeadLetterAsync(IHistoryStore store, ConnectionEvent rejected, Exception failure, HistoryWriteError error, CancellationToken cancellationToken)
    {
        try
        {
            if (await store.AddDeadLetterAsync(rejected, failure, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                historyStatus.RecordDeadLetter();
                warn?.Invoke($"History ({store.Provider}) rejected an event for good ({error.Code}); it is kept in the dead-letter table, and ingestion goes on.", null);
            }
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken) && store.Classify(ex) is { IsPermanent: true } deadLetterError)
        {
            historyStatus.RecordLost();
            warn?.Invoke($"History ({store.Provider}) rejected an event for good ({error.Code}) and its dead letter too ({deadLetterError.Code}); the event is dropped.", null);
        }
    }

    private static bool IsCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
}
