using System.Data.Common;
using Dashboard.Core.Actions;

namespace Dashboard.History;

/// <summary>Acknowledgements and the audit log (<see cref="ActionTables"/>): writes on the write pool, reads on the read pool.</summary>
public sealed partial class PostgresHistoryStore
{
    private SqlActionStore? _actions;

    public IActionStore Actions => _actions ??= new SqlActionStore(async ct => await _readSource.OpenConnectionAsync(ct), WriteAsync);

    private async Task<int> WriteAsync(Func<DbConnection, DbCommand> statement, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = statement(connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
