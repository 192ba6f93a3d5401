using System.Data.Common;
using Dashboard.Core.Actions;

namespace Dashboard.History;

/// <summary>
/// <see cref="IActionStore"/> on a history database, the same for SQLite and PostgreSQL: the
/// store that owns it says how to open a read connection and how to run one write. Each change
/// comes with the <see cref="ActionNotice"/> other instances need; PostgreSQL sends it with the
/// write (LISTEN/NOTIFY), SQLite has one instance only and nobody to tell.
/// </summary>
/// <param name="openRead">Opens a read connection the caller disposes.</param>
/// <param name="write">Runs one statement where the store's writes go, with the notice to send if it changed a row (null: none); returns the rows changed.</param>
internal sealed class SqlActionStore(
    Func<CancellationToken, Task<DbConnection>> openRead,
    Func<Func<DbConnection, DbCommand>, ActionNotice?, CancellationToken, Task<int>> write) : IActionStore
{
    public bool IsDurable => true;

    public Task SaveAcknowledgementAsync(Acknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        return write(connection => ActionTables.SaveAcknowledgement(connection, acknowledgement), ActionNotice.AcknowledgementChanged(acknowledgement.Key), cancellationToken);
    }

    public async Task<bool> RemoveAcknowledgementAsync(string key, CancellationToken cancellationToken) =>
        await write(connection => ActionTables.RemoveAcknowledgement(connection, key), ActionNotice.AcknowledgementChanged(key), cancellationToken) > 0;

    public async Task<IReadOnlyList<Acknowledgement>> GetAcknowledgementsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await openRead(cancellationToken);
        return await ActionTables.ReadAcknowledgementsAsync(connection, cancellationToken);
    }

    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return write(connection => ActionTables.AppendAudit(connection, entry), ActionNotice.AuditAppended, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await openRead(cancellationToken);
        return await ActionTables.ReadAuditAsync(connection, from, until, limit, cancellationToken);
    }

    // Pruning old rows changes nothing another instance shows as current: no notice.
    public Task<int> PruneAuditAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        write(connection => ActionTables.PruneAudit(connection, olderThan), null, cancellationToken);
}
