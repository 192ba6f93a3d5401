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
    private Task<int> WriteAsync(Func<DbConnection, DbCommand> statement, ActionNotice? notice, CancellationToken cancellationToken) =>
        WriteAsync(statement, static (command, ct) => command.ExecuteNonQueryAsync(ct), cancellationToken);

    /// <summary>The same for a statement that returns one value (an INSERT ... RETURNING id).</summary>
    private Task<object?> WriteScalarAsync(Func<DbConnection, DbCommand> statement, ActionNotice? notice, CancellationToken cancellationToken) =>
        WriteAsync(statement, static (command, ct) => command.ExecuteScalarAsync(ct), cancellationToken);

    private async Task<T> WriteAsync<T>(Func<DbConnection, DbCommand> statement, Func<DbCommand, CancellationToken, Task<T>> execute, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var (connection, _) = WriteSide();
            await using var command = statement(connection);
            return await execute(command, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
