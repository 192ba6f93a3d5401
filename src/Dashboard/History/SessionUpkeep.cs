using System.Data.Common;
using System.Globalization;

namespace Dashboard.History;

/// <summary>What one backfill step did: the last client it filled (null when it found none left), the rows it wrote, and whether the backfill is done.</summary>
internal sealed record SessionBackfillStep(string? UpTo, int Rows, bool Done);

/// <summary>A store with the sessions rollup: its backfill runs a step at a time (<see cref="SessionBackfill"/>).</summary>
internal interface ISessionRollup
{
    /// <summary>Whether the store keeps the rollup (<c>History:SessionsRollup</c>); when not, nothing fills it and reads go to the events.</summary>
    bool KeepsSessions { get; }

    /// <summary>Fills the rollup for the next <paramref name="clients"/> client IDs, in client order, in one transaction.</summary>
    Task<SessionBackfillStep> BackfillStepAsync(int clients, CancellationToken cancellationToken);
}

/// <summary>
/// Keeps <see cref="SessionTable"/> in step with the events, on the caller's write connection and transaction: around a
/// batch (<see cref="LateClientsAsync"/> before it is stored, <see cref="ApplyAsync"/> after) and for the backfill.
/// </summary>
internal static class SessionUpkeep
{
    /// <summary>
    /// Before the batch is stored: which of its clients are late (have a stored event at or after their earliest new
    /// one); the others are in order.
    /// </summary>
    public static async Task<IReadOnlySet<string>> LateClientsAsync(
        DbConnection connection, DbTransaction transaction, SessionStatements sql, SessionBatch batch, CancellationToken cancellationToken)
    {
        var late = new HashSet<string>(StringComparer.Ordinal);
        await using var command = Command(connection, transaction, sql.LateSql, sql.Bind(batch.Earliest));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            late.Add(reader.GetString(0));
        }

        return late;
    }

    /// <summary>At start-up, in the schema's transaction: while the rollup is not kept, reads go to the events (<see cref="SessionTable.NotKeptSql"/>).</summary>
    public static async Task MarkIfNotKeptAsync(DbConnection connection, DbTransaction transaction, bool keepsSessions, CancellationToken cancellationToken)
    {
        if (!keepsSessions)
        {
            await using var command = Command(connection, transaction, SessionTable.NotKeptSql, []);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// After the batch is stored: the late clients' sessions recomputed (when there are any), the in-order clients'
    /// open sessions closed and their new ones opened; returns the rows written.
    /// </summary>
    public static async Task<int> ApplyAsync(
        DbConnection connection, DbTransaction transaction, SessionStatements sql, SessionBatch batch, IReadOnlySet<string> late, CancellationToken cancellationToken)
    {
        var rows = 0;
        (string Sql, ClientMs[] Pairs)[] steps =
        [
            (sql.RecomputeSql, [.. batch.Earliest.Where(p => late.Contains(p.ClientId))]),
            (sql.CloseSql, [.. batch.Earliest.Where(p => !late.Contains(p.ClientId))]),
            (sql.OpenSql, [.. batch.Connects.Where(p => !late.Contains(p.ClientId))]),
        ];
        foreach (var (statement, pairs) in steps)
        {
            if (pairs.Length > 0)
            {
                await using var command = Command(connection, transaction, statement, sql.Bind(pairs));
                rows += await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return rows;
    }

    /// <summary>
    /// One backfill step: the next <paramref name="clients"/> client IDs after the recorded position get every row,
    /// and the position moves on; when none is left the marker row goes, and the rollup answers from then on.
    /// </summary>
    public static async Task<SessionBackfillStep> BackfillStepAsync(DbConnection connection, DbTransaction transaction, int clients, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clients);
        await using var state = Command(connection, transaction, SessionTable.BackfillStateSql);
        if (await state.ExecuteScalarAsync(cancellationToken) is not string after)
        {
            return new SessionBackfillStep(null, 0, true);
        }

        await using var next = Command(connection, transaction, SessionTable.BackfillUptoSql, ("@after", after), ("@clients", clients));
        if (await next.ExecuteScalarAsync(cancellationToken) is not string upto)
        {
            await using var done = Command(connection, transaction, SessionTable.BackfillDoneSql);
            await done.ExecuteNonQueryAsync(cancellationToken);
            return new SessionBackfillStep(null, 0, true);
        }

        await using var fill = Command(connection, transaction, SessionTable.BackfillSql, ("@after", after), ("@upto", upto));
        var rows = await fill.ExecuteNonQueryAsync(cancellationToken);
        await using var move = Command(connection, transaction, SessionTable.BackfillMoveSql, ("@upto", upto));
        await move.ExecuteNonQueryAsync(cancellationToken);
        return new SessionBackfillStep(upto, rows, false);
    }

    /// <summary>Retention's share: the sessions of the clients the next prune batch touches; run before it, in its transaction.</summary>
    public static async Task<int> PruneAsync(DbConnection connection, DbTransaction transaction, long beforeMs, int limit, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, SessionTable.PruneSql, ("@before", beforeMs), ("@limit", limit));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = HistoryQueries.Command(connection, sql, parameters);
        command.Transaction = transaction;
        return command;
    }
}
