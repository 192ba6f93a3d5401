using System.Data.Common;
using Dashboard.Core.Actions;

namespace Dashboard.History;

/// <summary>Acknowledgements and the audit log (<see cref="ActionTables"/>): writes on the one write connection, reads on a read connection.</summary>
public sealed partial class SqliteHistoryStore
{
    public bool IsDurable => true;

    public Task SaveAcknowledgementAsync(Acknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        return WriteAsync(connection => ActionTables.SaveAcknowledgement(connection, acknowledgement), cancellationToken);
    }

    public async Task<bool> RemoveAcknowledgementAsync(string key, CancellationToken cancellationToken) =>
        await WriteAsync(connection => ActionTables.RemoveAcknowledgement(connection, key), cancellationToken) > 0;

    public async Task<IReadOnlyList<Acknowledgement>> GetAcknowledgementsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        return await ActionTables.ReadAcknowledgementsAsync(connection, cancellationToken);
    }

    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync(connection => ActionTables.AppendAudit(connection, entry), cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        return await ActionTables.ReadAuditAsync(connection, from, until, limit, cancellationToken);
    }

    public Task<int> PruneAuditAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        WriteAsync(connection => ActionTables.PruneAudit(connection, olderThan), cancellationToken);

    /// <summary>Runs one statement on the write connection, behind the write lock; returns the rows changed.</summary>
    private async Task<int> WriteAsync(Func<DbConnection, DbCommand> statement, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var (connection, _) = WriteSide();
            await using var command = statement(connection);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
