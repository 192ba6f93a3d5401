using System.Data.Common;
using Dashboard.Core.Actions;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;
using Npgsql;

namespace Dashboard.History;

/// <summary>
/// History in PostgreSQL, for several dashboard instances writing the same events: the identity
/// index collapses their copies. Same schema and behaviour as <see cref="SqliteHistoryStore"/>.
/// A batch goes in as one INSERT … SELECT FROM unnest(arrays): one round trip and seventeen
/// parameters whatever the batch size (see <see cref="PostgresBatch"/>). Reads have a data source
/// of their own (a small pool, a command timeout), so slow or many reads never take the
/// connections writes need.
/// </summary>
public sealed partial class PostgresHistoryStore : IHistoryStore, IActionStoreOwner
{
    // Any fixed number, the same in every instance: serialises schema creation across instances.
    private const long SchemaLockKey = 0x436F_6E6E_4869_7374; // "ConnHist"
    private const int DeadlockAttempts = 3;

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _readSource;
    private readonly string _listenConnectionString;
    private readonly HistoryQueries _queries;
    private readonly ReasonQueries _reasons;

    /// <param name="connectionString">An Npgsql connection string; the database must exist, the tables are created.</param>
    /// <param name="reads">The read side's pool size and command timeout; they override the connection string's.</param>
    /// <param name="keepSessions">Whether to keep the sessions rollup (<c>History:SessionsRollup</c>; see <see cref="HistoryStoreFactory.KeepsSessionsByDefault"/>).</param>
    public PostgresHistoryStore(string connectionString, HistoryReadLimits? reads = null, bool keepSessions = true)
    {
        KeepsSessions = keepSessions;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _readSource = NpgsqlDataSource.Create(ReadConnectionString(connectionString, reads ?? HistoryReadLimits.Default));
        _queries = new HistoryQueries(async ct => await _readSource.OpenConnectionAsync(ct), lateralJoins: true);
        _reasons = new ReasonQueries(async ct => await _readSource.OpenConnectionAsync(ct));
        _accessFailures = new AccessFailureQueries(async ct => await _readSource.OpenConnectionAsync(ct));
        _listenConnectionString = ListenConnectionString(connectionString);
    }

    public string Provider => "postgres";


    public bool IsEnabled => true;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Two instances starting together would otherwise race on CREATE TABLE IF NOT EXISTS
        // (which is not atomic in PostgreSQL) and on the schema_version rows.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", SchemaLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await HistorySchema.MigrateAsync(connection, transaction, HistorySchema.Postgres, cancellationToken);
        await SessionUpkeep.MarkIfNotKeptAsync(connection, transaction, KeepsSessions, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> AppendAsync(IReadOnlyList<ConnectionEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return 0;
        }

        var batch = new PostgresBatch(events);
        return await InsertWithRetryAsync(batch.CreateInsert, cancellationToken, KeepsSessions ? new SessionBatch(events) : null);
    }

    public HistoryWriteError Classify(Exception exception) => PostgresErrors.Classify(exception);

    public async Task<bool> AddDeadLetterAsync(ConnectionEvent rejected, Exception exception, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        ArgumentNullException.ThrowIfNull(exception);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var insert = DeadLetterTable.Insert(connection, rejected, Classify(exception), exception, at);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task<DeadLetters> GetDeadLettersAsync(int limit, CancellationToken cancellationToken) =>
        _queries.GetDeadLettersAsync(limit, cancellationToken);

    public Task<string?> GetRawJsonAsync(long eventId, CancellationToken cancellationToken) =>
        _queries.GetRawJsonAsync(eventId, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> GetClientEventsAsync(string clientId, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        _queries.GetClientEventsAsync(clientId, from, until, limit, cancellationToken);

    public IAsyncEnumerable<StoredEvent> ExportAsync(DateTimeOffset from, DateTimeOffset until, string? clientId, CancellationToken cancellationToken) =>
        _queries.ExportAsync(from, until, clientId, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> LoadLiveStateSeedAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        _queries.LoadLiveStateSeedAsync(since, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> GetReceivedSinceAsync(DateTimeOffset since, long afterId, int limit, CancellationToken cancellationToken) =>
        _queries.GetReceivedSinceAsync(since, afterId, limit, cancellationToken);

    public Task<IReadOnlyList<ReasonBucket>> GetReasonBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken) =>
        _reasons.GetBucketsAsync(from, until, bucket, cancellationToken);

    public Task<IReadOnlyList<ReasonClient>> GetClientsByReasonAsync(string reason, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        _reasons.GetClientsAsync(reason, from, until, limit, null, cancellationToken);

    public async Task<int> PruneAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockSessionsAsync(connection, transaction, joinsByKey: false, cancellationToken);
        await SessionUpkeep.PruneAsync(connection, transaction, HistoryQueries.Ms(olderThan), batchSize, cancellationToken);
        await using var delete = HistoryQueries.Command(connection, HistoryQueries.PruneSql, ("@before", HistoryQueries.Ms(olderThan)), ("@limit", batchSize));
        delete.Transaction = transaction;
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<HistoryStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _readSource.OpenConnectionAsync(cancellationToken);
        var (count, oldest, newest) = await HistoryQueries.CountAsync(connection, cancellationToken);
        await using var size = new NpgsqlCommand($"SELECT pg_total_relation_size('{HistoryColumns.Table}')", connection);
        return new HistoryStats(count, oldest, newest, (long)(await size.ExecuteScalarAsync(cancellationToken))!);
    }

    public async ValueTask DisposeAsync()
    {
        await _readSource.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    private static string ReadConnectionString(string connectionString, HistoryReadLimits reads)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = reads.PoolSize;
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, reads.PoolSize);
        builder.CommandTimeout = reads.TimeoutSeconds;
        return builder.ConnectionString;
    }

    /// <summary>Runs one batch insert in its own transaction, again after a deadlock.</summary>
    private async Task<int> InsertWithRetryAsync(Func<NpgsqlConnection, NpgsqlTransaction, NpgsqlCommand> createInsert, CancellationToken cancellationToken, SessionBatch? sessions = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await InsertAsync(createInsert, sessions, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < DeadlockAttempts)
            {
                // Two instances inserting overlapping batches in different orders can deadlock on
                // the identity index; PostgreSQL aborts one of them, and a retry then skips the rows
                // the other stored.
            }
        }
    }

    private async Task<int> InsertAsync(Func<NpgsqlConnection, NpgsqlTransaction, NpgsqlCommand> createInsert, SessionBatch? sessions, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = createInsert(connection, transaction);

        // The lock before the late test: no other writer's events can then land between it and commit, so the
        // in-order clients' new events are exactly this batch's (SessionTable's in-order path applies them once).
        IReadOnlySet<string>? late = null;
        if (sessions is not null)
        {
            await LockSessionsAsync(connection, transaction, joinsByKey: false, cancellationToken);
            late = await SessionUpkeep.LateClientsAsync(connection, transaction, SessionStatements.Postgres, sessions, cancellationToken);
        }

        // Prepared once per physical connection; later calls on the same pooled connection reuse it.
        await insert.PrepareAsync(cancellationToken);
        var added = await insert.ExecuteNonQueryAsync(cancellationToken);

        // The sessions rollup in the same transaction, so it never lags the events it is made of.
        if (sessions is not null && late is not null && added > 0)
        {
            await SessionUpkeep.ApplyAsync(connection, transaction, SessionStatements.Postgres, sessions, late, cancellationToken);
        }

        // Not cancellable: once every row is in, "returned" must mean "durable".
        await transaction.CommitAsync(CancellationToken.None);
        return added;
    }
}
