namespace Dashboard.Core.Actions;

/// <summary>
/// Where operators' actions are kept: the acknowledgements in force and the audit log. The history
/// stores provide one on their own database (schema v5, <see cref="IActionStoreOwner"/>); with history off an
/// <see cref="InMemoryActionStore"/> keeps them until the process ends.
/// </summary>
public interface IActionStore
{
    /// <summary>False for the in-memory store: what it keeps is lost on restart.</summary>
    bool IsDurable { get; }

    /// <summary>Stores <paramref name="acknowledgement"/>, replacing any under the same key.</summary>
    Task SaveAcknowledgementAsync(Acknowledgement acknowledgement, CancellationToken cancellationToken);

    /// <summary>Removes the acknowledgement under <paramref name="key"/>; false when there was none.</summary>
    Task<bool> RemoveAcknowledgementAsync(string key, CancellationToken cancellationToken);

    Task<IReadOnlyList<Acknowledgement>> GetAcknowledgementsAsync(CancellationToken cancellationToken);

    Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Audit rows with <see cref="AuditEntry.At"/> in [from, until), newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> GetAuditAsync(DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes audit rows older than <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> PruneAuditAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
