namespace Dashboard.History;

/// <summary>The sessions rollup (<see cref="SessionTable"/>): its backfill a step at a time, on the write connection.</summary>
public sealed partial class SqliteHistoryStore : ISessionRollup
{
    public bool KeepsSessions { get; }

    async Task<SessionBackfillStep> ISessionRollup.BackfillStepAsync(int clients, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var (connection, _) = WriteSide();
            await using var transaction = connection.BeginTransaction();
            var step = await SessionUpkeep.BackfillStepAsync(connection, transaction, clients, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return step;
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
