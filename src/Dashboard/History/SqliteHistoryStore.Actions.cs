using System.Data.Common;
using Dashboard.Core.Actions;

namespace Dashboard.History;

/// <summary>Acknowledgements and the audit log (<see cref="ActionTables"/>): writes on the one write connection, reads on a read connection.</summary>
public sealed partial class SqliteHistoryStore
{
    private SqlActionStore? _actions;

    public IActionStore Actions => _actions ??= new SqlActionStore(OpenReadConnectionAsync, WriteAsync);

    /// <summary>
    /// Runs one statement on the write connection, behind the write lock; returns the rows changed.
    /// The notice is not sent: a SQLite database has one dashboard instance, so nobody else to tell.
    /// </summary>
    private async Task<int> WriteAsync(Func<DbConnection, DbCommand> statement, ActionNotice? notice, CancellationToken cancellationToken)
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
