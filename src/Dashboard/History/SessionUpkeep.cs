using System.Data.Common;
using System.Globalization;

namespace Dashboard.History;

/// <summary>What one backfill step did: the last client it filled (null when it found none left), the rows it wrote, and whether the backfill is done.</summary>
internal sealed record SessionBackfillStep(string? UpTo, int Rows, bool Done);

/// <summary>A store with the sessions rollup: its backfill runs a step at a time (<see cref="SessionBackfill"/>).</summary>
internal interface ISessionRollup
{
    /// <summary>Fills the rollup for the next <paramref name="clients"/> client IDs, in client order, in one transaction.</summary>
    Task<SessionBackfillStep> BackfillStepAsync(int clients, CancellationToken cancellationToken);
}

/// <summary>
/// Keeps <see cref="SessionTable"/> in step with the events, on the caller's write connection and transaction: after a
/// batch (<see cref="RecomputeAsync"/>, the clients above the watermark read before it) and for the backfill.
/// </summary>
internal static class SessionUpkeep
{
    public static async Task<long> WatermarkAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, SessionTable.WatermarkSql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Brings the sessions of the clients of every event stored above <paramref name="watermark"/> up to date: the
    /// in-order clients' open sessions closed and new ones opened, the late clients' recomputed; returns the rows written.
    /// </summary>
    public static async Task<int> RecomputeAsync(DbConnection connection, DbTransaction transaction, long watermark, CancellationToken cancellationToken)
    {
        var rows = 0;
        foreach (var sql in (string[])[SessionTable.RecomputeSql, SessionTable.CloseSql, SessionTable.OpenSql])
        {
            await using var command = Command(connection, transaction, sql, ("@watermark", watermark));
            rows += await command.ExecuteNonQueryAsync(cancellationToken);
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
