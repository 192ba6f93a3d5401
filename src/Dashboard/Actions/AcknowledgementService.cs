using System.Threading.Channels;
using Dashboard.Api;
using Dashboard.Conflicts;
using Dashboard.Core.Actions;
using Dashboard.Core.Errors;

namespace Dashboard.Actions;

/// <summary>
/// Acknowledges findings and incidents: stores the acknowledgement (history database, or memory with
/// history off), puts it in force in <see cref="ConflictService.Acknowledgements"/>, and writes the
/// audit row. At start-up (after the history store is ready) it loads the stored ones; when a
/// finding resolves, its acknowledgement is deleted from the store in the background.
/// </summary>
internal sealed partial class AcknowledgementService(
    ConflictService conflicts,
    IActionStore store,
    AuditLog audit,
    TimeProvider time,
    ILogger<AcknowledgementService> logger) : BackgroundService
{
    public const string AuditAction = "acknowledge";

    private readonly Channel<string> _ended = Channel.CreateBounded<string>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>False with history off: acknowledgements then end with the process.</summary>
    public bool IsDurable => store.IsDurable;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var ack in await store.GetAcknowledgementsAsync(cancellationToken))
        {
            conflicts.Acknowledgements.Set(ack);
        }

        conflicts.AcknowledgementEnded += OnEnded;
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Acknowledges the active finding or incident under <paramref name="key"/>; null when none is active.</summary>
    public async Task<Acknowledgement?> AcknowledgeAsync(string key, string note, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (conflicts.FindActive(key) is not { } found)
        {
            return null;
        }

        var ack = new Acknowledgement(key, found.Target, actor.Name, actor.Role, time.GetUtcNow(), note, found.Count);
        try
        {
            await store.SaveAcknowledgementAsync(ack, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The caller answers with a short message; the database's own words stay in the log.
            Log.SaveFailed(logger, ex, key, found.Target);
            await audit.RecordAsync(new AuditEntry(ack.At, actor.Name, actor.Role, AuditAction, found.Target, "failure", "could not be stored"), cancellationToken);
            throw;
        }

        conflicts.Acknowledgements.Set(ack);
        await audit.RecordAsync(new AuditEntry(ack.At, actor.Name, actor.Role, AuditAction, found.Target, "success", note), cancellationToken);
        return ack;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var key in _ended.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await store.RemoveAcknowledgementAsync(key, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // It stays stored and is loaded again on the next start, attached to its key.
                    Log.RemoveFailed(logger, key, ErrorSummary.Describe(ex));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            conflicts.AcknowledgementEnded -= OnEnded;
        }
    }

    private void OnEnded(string key) => _ended.Writer.TryWrite(key);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Storing the acknowledgement {Key} of '{Target}' failed")]
        public static partial void SaveFailed(ILogger logger, Exception exception, string key, string target);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting the ended acknowledgement {Key} failed: {Error}")]
        public static partial void RemoveFailed(ILogger logger, string key, string error);
    }
}
