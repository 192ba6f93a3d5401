using Npgsql;

namespace Dashboard.History;

/// <summary>The sessions rollup (<see cref="SessionTable"/>): its lock, and its backfill a step at a time.</summary>
public sealed partial class PostgresHistoryStore : ISessionRollup
{
    public bool KeepsSessions { get; }

    // Any fixed number, the same in every instance: "ConnSess".
    private const long SessionsLockKey = 0x436F_6E6E_5365_7373;

    /// <summary>
    /// Serialises the rollup's writers (instances writing the same database, the backfill, retention) until commit.
    /// A batch takes it before it tests which clients are late and inserts: without the lock, another instance's events
    /// could land in between (and be missed or applied twice by the in-order path), or two instances storing events of one
    /// client at once would each recompute without the other's. With it, the second runs after the first has
    /// committed and (each statement reading afresh) sees both.
    /// JIT compilation is off for the rest of the transaction: the rollup's statements touch a few rows by key, and
    /// the planner's cost estimates (of a young table's, say) would otherwise pay 100–150 ms a statement to compile
    /// them (measured on the batch statements). With <paramref name="joinsByKey"/> (the backfill), hash and merge joins
    /// are off too: the backfill joins a thousand clients' events, and the planner, misjudging the clients' share,
    /// would otherwise hash the whole events table (measured: a step of 1,000 clients read all 80,000 rows of a small
    /// history; by key, 2 per client). The batch's late path sets the same (<see cref="SessionStatements.Postgres"/>).
    /// </summary>
    private static async Task LockSessionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool joinsByKey, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(@key); SET LOCAL jit = off"
            + (joinsByKey ? "; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off" : ""),
            connection,
            transaction);
        command.Parameters.AddWithValue("key", SessionsLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task<SessionBackfillStep> ISessionRollup.BackfillStepAsync(int clients, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockSessionsAsync(connection, transaction, joinsByKey: true, cancellationToken);
        var step = await SessionUpkeep.BackfillStepAsync(connection, transaction, clients, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return step;
    }
}
