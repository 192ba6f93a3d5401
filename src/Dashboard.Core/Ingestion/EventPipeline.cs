using System.Threading.Channels;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// The one consumer of the ingestion channel, in two stages that overlap. The first applies each
/// batch of what is waiting to live state and tells the notifier (so screens move at once); the
/// second (<see cref="DurableStage"/>) writes batches to history, retrying until the store takes
/// them (a row it rejects for good goes to its dead-letter table instead), tells the notifier they
/// are stored, and only then acknowledges each item to its source, in arrival order. While one batch
/// waits for the disk and its acknowledgements, the next is already being applied. A crash at any
/// point before the acknowledgement means the source delivers again, and the store's identity
/// check makes that a no-op. Batching is what lets one consumer keep up with a storm.
/// Access events (connack, authentication, authorization) take the same path without touching live
/// state: counted in the first stage, and the failures stored with the batch in the second.
/// </summary>
public sealed class EventPipeline(
    ChannelReader<IngestItem> reader,
    LiveState state,
    ChangeNotifier notifier,
    IHistoryStore history,
    HistoryStatus historyStatus,
    TimeProvider time,
    int maxBatchSize = 2000,
    Action<IReadOnlyList<ConnectionEvent>>? onAccepted = null,
    Action<string, Exception?>? onHistoryWarning = null,
    AccessCounts? accessCounts = null,
    Action<IReadOnlyList<AccessEvent>>? onAccessFailures = null)
{
    /// <summary>
    /// Applied batches that may wait for the durable stage. Few: live state may run ahead of
    /// history by this much, and beyond it the apply stage waits, so back-pressure still reaches
    /// the sources through the ingestion channel.
    /// </summary>
    private const int AppliedBatchesAhead = 4;

    /// <summary>Access events remembered to recognise a repeat (as live state does for connection events).</summary>
    private const int RecentAccessEvents = 50_000;

    // A repeat (redelivery, or the same event through two rules: the demo's own and a one-click setup's)
    // is neither counted nor observed again; the store would only recognise it.
    private readonly RecentIds<AccessRepeatKey> _recentAccess = new(RecentAccessEvents);

    /// <summary>Items through the whole pipeline so far (for the clean stop's figures).</summary>
    public PipelineProgress Progress { get; } = new();

    /// <summary>What the access events said (the app passes <see cref="IngestDiagnostics.Access"/>).</summary>
    public AccessCounts AccessCounts { get; } = accessCounts ?? new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var applied = Channel.CreateBounded<AppliedBatch>(new BoundedChannelOptions(AppliedBatchesAhead)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var durable = new DurableStage(applied.Reader, history, historyStatus, time, maxBatchSize * AppliedBatchesAhead, onHistoryWarning, MarkStored, Progress, MarkRefusedStored).RunAsync(cancellationToken);
        try
        {
            await ApplyAsync(applied.Writer, cancellationToken).ConfigureAwait(false);
            applied.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            applied.Writer.TryComplete(ex);
            throw;
        }
        finally
        {
            // Whatever was applied is stored and acknowledged before the pipeline ends (or it is
            // cancelled, and the sources deliver those events again).
            await durable.ConfigureAwait(false);
        }
    }

    private void MarkStored(IReadOnlyList<ConnectionEvent> stored) => notifier.MarkStored(stored.Select(e => e.ClientId));

    /// <summary>Counts an access event and keeps it when it is a failure; a repeat is only counted as one.</summary>
    private void TakeAccess(AccessEvent access, List<AccessEvent> failures)
    {
        if (!_recentAccess.TryAdd(AccessRepeatKey.Of(access)))
        {
            AccessCounts.RecordRepeat();
            return;
        }

        AccessCounts.Record(access);
        if (access.IsFailure)
        {
            failures.Add(access);
        }
    }

    private void MarkRefusedStored(IReadOnlyList<AccessEvent> stored) => notifier.MarkRefusedStored(stored.Select(e => e.ClientId));

    private async Task ApplyAsync(ChannelWriter<AppliedBatch> applied, CancellationToken cancellationToken)
    {
        var events = new List<ConnectionEvent>(maxBatchSize);
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Fresh lists per batch: the durable stage holds them until they are acknowledged.
            var batch = new List<IngestItem>(Math.Min(maxBatchSize, reader.Count + 1));

            // The events live state did not recognise as repeats: only these go to the store. With $SYS
            // and a rule both on, every event arrives twice, and writing both would halve the store's rate.
            var fresh = new List<ConnectionEvent>(batch.Capacity);

            // Access events bypass live state and conflict detection: a refused CONNECT opens no
            // session. They are counted here; the failures among them go to the store.
            var accessFailures = new List<AccessEvent>();
            while (batch.Count < maxBatchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
                if (item.Event is { } e)
                {
                    events.Add(e);
                }
                else if (item.Access is { } access)
                {
                    TakeAccess(access, accessFailures);
                }
            }

            notifier.MarkChanged(state.ApplyBatch(events, fresh));
            events.Clear();

            // Other projections (conflict detection) see each event once, in arrival order, on this thread.
            if (fresh.Count > 0)
            {
                onAccepted?.Invoke(fresh);
            }

            // Refusal projections (the live refused counts, incidents, reconnect-loop evidence) see
            // each failure once, in arrival order, on this thread, as the conflict detector does.
            if (accessFailures.Count > 0)
            {
                onAccessFailures?.Invoke(accessFailures);
            }

            await applied.WriteAsync(new AppliedBatch(batch, fresh, accessFailures), cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// What makes two access events the same one arriving twice: the store's identity, and the port, action
/// and result (an authorization allowed and then denied for one topic in one millisecond is two events).
/// </summary>
internal readonly record struct AccessRepeatKey(AccessIdentity Identity, int? PeerPort, string? Action, string? Result)
{
    public static AccessRepeatKey Of(AccessEvent e) => new(e.Identity, e.PeerPort, e.Action, e.Result);
}
