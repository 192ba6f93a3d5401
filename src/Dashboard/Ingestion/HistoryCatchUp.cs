using System.Diagnostics;
using System.Threading.Channels;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingestion;

/// <summary>
/// Fills the gap a new MQTT session leaves. When the broker answers a connect with "session
/// present = false" (a first start under a new <c>Mqtt:ClientId</c>, an expired session, a broker
/// restarted without persistence), nothing was queued for us: every event between our last look at
/// the world and the subscription is missing from live state. With two instances on one store, the
/// other one stored those events; so after such a subscription this reads the events received since
/// a watermark, page by page in storage order, and writes them into the ingestion channel without an
/// acknowledgement. Live state applies them like any late event: a repeat is recognised and dropped,
/// an older event does not undo a newer one. Those it had not seen go on to the store, where their
/// identity makes the write a no-op, and to the conflict detector, which sees each event once.
/// </summary>
internal sealed partial class HistoryCatchUp(
    IHistoryStore store,
    IngestChannel channel,
    IOptions<IngestOptions> ingest,
    TimeProvider time,
    ILogger<HistoryCatchUp> logger)
{
    /// <summary>Events per store read: one page is all the catch-up holds at a time.</summary>
    internal const int PageSize = 2000;

    /// <summary>
    /// Beyond this many the catch-up stops with a warning: a gap that large (the margin is minutes)
    /// means something else is wrong, and the reconciles with EMQX are the better repair.
    /// </summary>
    internal const int MaxEvents = 2_000_000;

    private readonly Lock _lock = new();
    private DateTimeOffset? _historyReadAt;
    private DateTimeOffset? _subscribedAt;
    private Task _running = Task.CompletedTask;

    /// <summary>Said by the start-up rebuild just before it reads history: the first connect's watermark.</summary>
    public void MarkHistoryRead(DateTimeOffset at) => _historyReadAt = at;

    /// <summary>
    /// Where a new session's gap begins, asked before each connect (once connected, the source's last
    /// event is already the new session's): for the first connect, when the rebuild read history; later,
    /// the last moment the previous connection is known to have worked, its subscription or its last
    /// event, whichever is later. Null when there is no history to catch up from.
    /// </summary>
    public DateTimeOffset? GapStart(IngestSourceStatus source)
    {
        lock (_lock)
        {
            if (!store.IsEnabled)
            {
                return null;
            }

            if (_subscribedAt is not { } subscribed)
            {
                return _historyReadAt;
            }

            return source.LastEventAt is { } last && last > subscribed ? last : subscribed;
        }
    }

    /// <summary>
    /// Said by the source after each subscription. On a new session, starts catching up from
    /// <paramref name="gapStart"/> less <c>Ingest:MaxClockSkew</c> (other instances' clocks, and
    /// events they had received but not yet stored when we read) in the background, after any
    /// catch-up still running, so the source goes on reading meanwhile.
    /// </summary>
    public void Subscribed(DateTimeOffset? gapStart, bool sessionPresent, CancellationToken stopping)
    {
        lock (_lock)
        {
            _subscribedAt = time.GetUtcNow();
            if (sessionPresent || gapStart is null)
            {
                return;
            }

            _running = RunAfterAsync(_running, gapStart.Value - ingest.Value.MaxClockSkew, stopping);
        }
    }

    /// <summary>The catch-up in progress (or the last one): for tests.</summary>
    internal Task Running
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    private async Task RunAfterAsync(Task previous, DateTimeOffset since, CancellationToken stopping)
    {
        await previous.ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        try
        {
            var written = await CatchUpAsync(since, stopping).ConfigureAwait(false);
            Log.CaughtUp(logger, written, since, watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (stopping.IsCancellationRequested || ex is ChannelClosedException)
        {
            // Stopping: what was not caught up is not needed any more.
        }
        catch (Exception ex)
        {
            // Live state stays as it is (the reconciles with EMQX correct it, when configured).
            Log.Failed(logger, ex, since);
        }
    }

    private async Task<int> CatchUpAsync(DateTimeOffset since, CancellationToken stopping)
    {
        var written = 0;
        long afterId = 0;
        while (true)
        {
            var page = await store.GetReceivedSinceAsync(since, afterId, PageSize, stopping).ConfigureAwait(false);
            foreach (var stored in page)
            {
                // No acknowledgement: the event came from the store, not from a source waiting for one.
                await channel.Writer.WriteAsync(new IngestItem(stored.Event, null), stopping).ConfigureAwait(false);
            }

            written += page.Count;
            if (page.Count < PageSize)
            {
                return written;
            }

            if (written >= MaxEvents)
            {
                Log.Capped(logger, written, since);
                return written;
            }

            afterId = page[^1].Id;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "New MQTT session: caught up {Events} events stored since {Since:O} from history in {Elapsed} ms")]
        public static partial void CaughtUp(ILogger logger, int events, DateTimeOffset since, long elapsed);

        [LoggerMessage(Level = LogLevel.Warning, Message = "New MQTT session: stopped catching up from history after {Events} events stored since {Since:O}; live state may miss later ones until a reconcile")]
        public static partial void Capped(ILogger logger, int events, DateTimeOffset since);

        [LoggerMessage(Level = LogLevel.Warning, Message = "New MQTT session: catching up from history on the events stored since {Since:O} failed; live state may miss some until a reconcile")]
        public static partial void Failed(ILogger logger, Exception exception, DateTimeOffset since);
    }
}
