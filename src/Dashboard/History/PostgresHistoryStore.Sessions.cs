using Npgsql;

namespace Dashboard.History;

/// <summary>The sessions rollup (<see cref="SessionTable"/>): its lock, and its backfill a step at a time.</summary>
public sealed partial class PostgresHistoryStore : ISessionRollup
{
    // Any fixed number, the same in every instance: "ConnSess".
    private const long SessionsLockKey = 0x436F_6E6E_5365_7373;

    /// <summary>
    /// Serialises the rollup's writers (instances writing the same database, the backfill, retention) until commit.
    /// A batch takes it before it reads its watermark and inserts: without the lock, another instance's events could
    /// land above the watermark (and be applied twice by the in-order path), or two instances storing events of one
    /// client at once would each recompute without the other's. With it, the second runs after the first has
    /// committed and (each statement reading afresh) sees both.
    /// Hash and merge joins are off for the rest of the transaction: the rollup's statements touch a few clients'
    /// events by key, and the planner, misjudging the clients' share, would otherwise hash the whole events table
    /// (measured: a backfill step of 1,000 clients read all 80,000 rows of a small history; by key, 2 per client).
    /// </summary>
    private static async Task LockSessionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(@key); SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off", connection, transaction);
        command.Parameters.AddWithValue("key", SessionsLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task<SessionBackfillStep> ISessionRollup.BackfillStepAsync(int clients, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockSessionsAsync(connection, transaction, cancellationToken);
        var step = await SessionUpkeep.BackfillStepAsync(connection, transaction, clients, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return step;
    }
}
