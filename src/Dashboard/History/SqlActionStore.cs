using System.Data.Common;
using Dashboard.Core.Actions;

namespace Dashboard.History;

/// <summary>
/// <see cref="IActionStore"/> on a history database, the same for SQLite and PostgreSQL: the
/// store that owns it says how to open a read connection and how to run one write.
/// </summary>
/// <param name="openRead">Opens a read connection the caller disposes.</param>
/// <param name="write">Runs one statement where the store's writes go; returns the rows changed.</param>
internal sealed class SqlActionStore(
    Func<CancellationToken, Task<DbConnection>> openRead,
    Func<Func<DbConnection, DbCommand>, CancellationToken, Task<int>> write) : IActionStore
{
    public bool IsDurable => true;

    public Task SaveAcknowledgementAsync(Acknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        return write(connection => ActionTables.SaveAcknowledgement(connection, acknowledgement), cancellationToken);
    }

    public async Task<bool> RemoveAcknowledgementAsync(string key, CancellationToken cancellationToken) =>
        await write(connection => ActionTables.RemoveAcknowledgement(connection, key), cancellationToken) > 0;

    public async Task<IReadOnlyList<Acknowledgement>> GetAcknowledgementsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await openRead(cancellationToken);
        return await ActionTables.ReadAcknowledgementsAsync(connection, cancellationToken);
    }

    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return write(connection => ActionTables.AppendAudit(connection, entry), cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await openRead(cancellationToken);
        return await ActionTables.ReadAuditAsync(connection, from, until, limit, cancellationToken);
    }

    public Task<int> PruneAuditAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        write(connection => ActionTables.PruneAudit(connection, olderThan), cancellationToken);
}
