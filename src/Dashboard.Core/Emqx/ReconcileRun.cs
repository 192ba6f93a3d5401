using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Dashboard.Core.Events;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;

namespace Dashboard.Core.Emqx;

/// <summary>
/// One reconcile of the online set against EMQX's listing of connected clients, page by page.
/// Each page is checked against live state under its lock (one page, never the whole listing);
/// listed clients without that session here become connects of source <c>rest</c>, written into the
/// ingestion channel so the session model decides and history keeps them. Once the listing is
/// complete and those are applied, every online session the listing did not confirm, and that began
/// before the listing less the clock skew, gets a <c>(reconciled)</c> disconnect the same way. A
/// listing that fails part-way ends nothing: the exception reaches the caller after the connects
/// already written are applied, and <see cref="ReconcileFigures"/> holds what was done.
/// <para>
/// The dashboard's own MQTT session (<paramref name="ownClientId"/>) is left alone: whether its own
/// connect ever reaches it as an event depends on timing (it subscribes after connecting), so the
/// listing would add it on one run and a sweep could end it on another. It is watched on its own
/// (the queue figures). It is not counted among the listed clients either.
/// </para>
/// </summary>
public sealed class ReconcileRun(LiveState state, ChannelWriter<IngestItem> pipeline, TimeProvider time, TimeSpan maxClockSkew, string? ownClientId = null)
{
    /// <summary>
    /// Corrections that may wait in the pipeline at once. A bootstrap writes a million of them: with
    /// the channel full of corrections, a live event waited seconds behind them (the bench measured
    /// 3.7 s p50 at 1M); with this many at most, it waits for one store write. The next page is
    /// fetched while these are stored, so the listing loses little speed.
    /// </summary>
    public const int MaxCorrectionsAhead = 1000;

    public async Task RunAsync(IAsyncEnumerable<BrokerClientPage> pages, ReconcileFigures figures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(figures);
        var watch = Stopwatch.StartNew();
        var start = time.GetUtcNow();
        figures.StartedAt = start;
        var before = state.CorrectionsApplied;
        var acknowledgements = new AcknowledgementCounter();

        ExceptionDispatchInfo? failure = null;
        try
        {
            await ListAsync(pages, start, figures, acknowledgements, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        // What the broker listed before a failure is still true: let it be applied and counted.
        await acknowledgements.AllAcknowledgedAsync(cancellationToken).ConfigureAwait(false);
        Count(figures, before, watch);
        failure?.Throw();

        var sweepWatch = Stopwatch.StartNew();
        var unconfirmed = state.FindUnconfirmed(start, maxClockSkew);
        figures.SweepScanMs = sweepWatch.ElapsedMilliseconds;
        var receivedAt = time.GetUtcNow();
        foreach (var session in unconfirmed)
        {
            if (session.ClientId == ownClientId)
            {
                continue;
            }

            await WriteAsync(RestCorrections.Disconnect(session, start, receivedAt), acknowledgements, cancellationToken).ConfigureAwait(false);
        }

        await acknowledgements.AllAcknowledgedAsync(cancellationToken).ConfigureAwait(false);
        Count(figures, before, watch);
    }

    private async Task ListAsync(IAsyncEnumerable<BrokerClientPage> pages, DateTimeOffset start, ReconcileFigures figures, AcknowledgementCounter acknowledgements, CancellationToken cancellationToken)
    {
        var listed = new List<ConnectionEvent>();
        var corrections = new List<ConnectionEvent>();
        await foreach (var page in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            figures.Pages++;
            var receivedAt = time.GetUtcNow();
            listed.Clear();
            foreach (var client in page.Clients)
            {
                if (client.ClientId == ownClientId)
                {
                    continue;
                }

                listed.Add(RestCorrections.Connect(client, receivedAt, start, maxClockSkew));
            }

            figures.BrokerOnline += listed.Count;
            corrections.Clear();
            figures.Unchanged += state.ConfirmListed(listed, corrections);
            foreach (var correction in corrections)
            {
                await WriteAsync(correction, acknowledgements, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask WriteAsync(ConnectionEvent e, AcknowledgementCounter acknowledgements, CancellationToken cancellationToken)
    {
        if (acknowledgements.Outstanding >= MaxCorrectionsAhead)
        {
            await acknowledgements.AllAcknowledgedAsync(cancellationToken).ConfigureAwait(false);
        }

        acknowledgements.CountWritten();
        await pipeline.WriteAsync(new IngestItem(e, acknowledgements.Acknowledge), cancellationToken).ConfigureAwait(false);
    }

    private void Count(ReconcileFigures figures, (long Online, long Offline) before, Stopwatch watch)
    {
        var after = state.CorrectionsApplied;
        figures.MarkedOnline = (int)(after.Online - before.Online);
        figures.MarkedOffline = (int)(after.Offline - before.Offline);
        figures.DurationMs = watch.ElapsedMilliseconds;
    }
}

/// <summary>What one reconcile did, filled in as it runs (so a failed one still says how far it got).</summary>
public sealed class ReconcileFigures
{
    /// <summary>When the listing started.</summary>
    public DateTimeOffset StartedAt { get; internal set; }

    /// <summary>Clients the broker listed as connected.</summary>
    public int BrokerOnline { get; internal set; }

    /// <summary>Listed clients without that session here, now online (or on the newer session the broker listed).</summary>
    public int MarkedOnline { get; internal set; }

    /// <summary>Online sessions the listing did not show, now ended with <c>(reconciled)</c>.</summary>
    public int MarkedOffline { get; internal set; }

    /// <summary>Listed clients whose session here was already right.</summary>
    public int Unchanged { get; internal set; }

    public int Pages { get; internal set; }

    /// <summary>From the first request to the last correction applied and stored.</summary>
    public long DurationMs { get; internal set; }

    /// <summary>How long the search for unconfirmed sessions held live state's read lock (measured from outside: includes waiting for it).</summary>
    public long SweepScanMs { get; internal set; }
}
