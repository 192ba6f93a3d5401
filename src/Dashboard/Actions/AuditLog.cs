using Dashboard.Core.Actions;
using Dashboard.Core.Errors;

namespace Dashboard.Actions;

/// <summary>
/// The audit log: every action (acknowledgements now, sign-ins and kicks later) calls
/// <see cref="RecordAsync"/>. Rows go to the history database, or to memory with history off.
/// A failed write is logged with the row's content and does not fail the action it records.
/// </summary>
internal sealed partial class AuditLog(IActionStore store, ILogger<AuditLog> logger)
{
    /// <summary>The most rows one read returns.</summary>
    public const int MaxRows = 1000;

    public bool IsDurable => store.IsDurable;

    /// <summary>
    /// Raised after a row was appended, here or (on PostgreSQL) by another instance, so an open
    /// Audit page can read again. Carries no data; handlers must not block.
    /// </summary>
    public event Action? Appended;

    /// <summary>Raises <see cref="Appended"/>; <see cref="ActionNotificationListener"/> calls it for another instance's row.</summary>
    public void SignalAppended() => Appended?.Invoke();

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await store.AppendAuditAsync(entry, cancellationToken);
            SignalAppended();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.WriteFailed(logger, ex, entry.Action, entry.Target, entry.Actor, ErrorSummary.Describe(ex));
        }
    }

    /// <summary>Rows in [from, until), newest first, at most <paramref name="limit"/> (capped at <see cref="MaxRows"/>).</summary>
    public Task<IReadOnlyList<AuditEntry>> ReadAsync(DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        store.GetAuditAsync(from, until, Math.Clamp(limit, 0, MaxRows), cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Writing the audit row '{Action}' on '{Target}' by '{Actor}' failed: {Error}")]
        public static partial void WriteFailed(ILogger logger, Exception exception, string action, string target, string actor, string error);
    }
}
