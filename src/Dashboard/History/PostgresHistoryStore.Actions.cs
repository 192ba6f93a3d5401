using System.Data.Common;
using Dashboard.Core.Actions;
using Npgsql;

namespace Dashboard.History;

/// <summary>
/// Acknowledgements and the audit log (<see cref="ActionTables"/>): writes on the write pool, reads on
/// the read pool. Several instances share them: each change is announced with NOTIFY in the
/// transaction that makes it (<see cref="ActionNotifications"/>), so PostgreSQL delivers it at commit,
/// never before the row is visible, and not at all if the write fails.
/// </summary>
public sealed partial class PostgresHistoryStore
{
    private SqlActionStore? _actions;

    public IActionStore Actions => _actions ??= new SqlActionStore(async ct => await _readSource.OpenConnectionAsync(ct), WriteAsync);

    /// <summary>This process's name in its notifications, so that it can skip its own.</summary>
    internal string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// A new connection, outside the pools, for a listener that holds it open: pooling would hand a
    /// dead connection back after a restart, and a held connection would take a slot writes need.
    /// Keepalive makes a silently dropped connection fail within a minute rather than never.
    /// </summary>
    internal NpgsqlConnection CreateListenConnection() => new(_listenConnectionString);

    private static string ListenConnectionString(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;

    private Task<int> WriteAsync(Func<DbConnection, DbCommand> statement, ActionNotice? notice, CancellationToken cancellationToken) =>
        WriteAsync(statement, static (command, ct) => command.ExecuteNonQueryAsync(ct), static changed => changed > 0, notice, cancellationToken);

    /// <summary>The same for a statement that returns one value (an INSERT ... RETURNING id): a value means a row changed.</summary>
    private Task<object?> WriteScalarAsync(Func<DbConnection, DbCommand> statement, ActionNotice? notice, CancellationToken cancellationToken) =>
        WriteAsync(statement, static (command, ct) => command.ExecuteScalarAsync(ct), static value => value is not null, notice, cancellationToken);

    private async Task<T> WriteAsync<T>(
        Func<DbConnection, DbCommand> statement, Func<DbCommand, CancellationToken, Task<T>> execute, Func<T, bool> changedRows, ActionNotice? notice, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        T result;
        await using (var command = statement(connection))
        {
            command.Transaction = transaction;
            result = await execute(command, cancellationToken);
        }

        // Nothing changed (a removal of what was gone): nothing to tell.
        if (notice is not null && changedRows(result))
        {
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection, transaction);
            notify.Parameters.AddWithValue("channel", ActionNotifications.Channel);
            notify.Parameters.AddWithValue("payload", ActionNotifications.Format(notice, InstanceId));
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
