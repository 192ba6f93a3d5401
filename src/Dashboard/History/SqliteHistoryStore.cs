using System.Data.Common;
using Dashboard.Core.Actions;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;
using Microsoft.Data.Sqlite;

namespace Dashboard.History;

/// <summary>
/// History in one SQLite file, the embedded default. The pipeline is the only writer: it gets one
/// long-lived write connection behind a semaphore and one prepared insert reused for every row.
/// Readers (pages, exports) open short-lived pooled connections of their own, read-only and with a
/// busy timeout; WAL lets them read while the writer writes (a slow export never blocks a write),
/// and makes a killed process leave a database that opens with every committed batch.
/// </summary>
public sealed partial class SqliteHistoryStore : IHistoryStore, IActionStoreOwner
{
    // FULL syncs the WAL on every commit, so a batch survives power loss once AppendAsync returns;
    // NORMAL (with WAL) survives a killed process but may lose the last commits on power loss.
    // There is one sync per batch, so FULL costs little: measured ~100k events/s either way with
    // 2000-event batches, 0.4 ms against 0.2 ms per commit with 10-event batches.
    private const string Synchronous = "FULL";

    // The identity and per-client indexes take inserts all over their key range; the default
    // 2 MiB page cache makes each batch re-read their pages (62k against 72k events/s at 1M rows).
    private const int WriteCacheKibibytes = 64 * 1024;

    private readonly string _connectionString;
    private readonly string _readConnectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly HistoryQueries _queries;
    private readonly ReasonQueries _reasons;
    private SqliteConnection? _writeConnection;
    private SqliteCommand? _insert;
    private bool _disposed;

    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a database file; its folder is created if missing.</param>
    /// <param name="reads">The read side's command timeout (SQLite has no pool size limit; its readers never block the writer).</param>
    /// <param name="keepSessions">Whether to keep the sessions rollup (<c>History:SessionsRollup</c>; see <see cref="HistoryStoreFactory.KeepsSessionsByDefault"/>).</param>
    public SqliteHistoryStore(string connectionString, HistoryReadLimits? reads = null, bool keepSessions = true)
    {
        KeepsSessions = keepSessions;
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode is SqliteOpenMode.Memory or SqliteOpenMode.ReadOnly)
        {
            throw new ArgumentException("The SQLite history needs a writable database file (Data Source=<path>).", nameof(connectionString));
        }

        // Resolved once, so a later change of the current directory cannot move the database.
        DatabasePath = Path.GetFullPath(builder.DataSource);
        builder.DataSource = DatabasePath;
        _connectionString = builder.ToString();

        // Read-only, so no read can ever take the write lock; the timeout bounds waiting on a lock.
        _readConnectionString = new SqliteConnectionStringBuilder(_connectionString)
        {
            Mode = SqliteOpenMode.ReadOnly,
            DefaultTimeout = (reads ?? HistoryReadLimits.Default).TimeoutSeconds,
        }.ToString();
        _queries = new HistoryQueries(OpenReadConnectionAsync, lateralJoins: false);
        _reasons = new ReasonQueries(OpenReadConnectionAsync);
        _accessFailures = new AccessFailureQueries(OpenReadConnectionAsync);
    }

    public string Provider => "sqlite";


    public bool IsEnabled => true;

    /// <summary>The database file, as an absolute path.</summary>
    public string DatabasePath { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var connection = _writeConnection ??= await OpenWriteConnectionAsync(cancellationToken);
            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
            {
                await HistorySchema.MigrateAsync(connection, transaction, HistorySchema.Sqlite, cancellationToken);
                await SessionUpkeep.MarkIfNotKeptAsync(connection, transaction, KeepsSessions, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            _insert ??= PrepareInsert(connection);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<int> AppendAsync(IReadOnlyList<ConnectionEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return 0;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var (connection, insert) = WriteSide();
            await using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            var sessions = KeepsSessions ? new SessionBatch(events) : null;
            var late = sessions is null ? null : await SessionUpkeep.LateClientsAsync(connection, transaction, SessionStatements.Sqlite, sessions, cancellationToken);
            var added = 0;
            foreach (var e in events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                HistoryColumns.Bind(insert.Parameters, e);
                added += insert.ExecuteNonQuery();
            }

            // The sessions rollup in the same transaction, so it never lags the events it is made of.
            if (added > 0 && sessions is not null && late is not null)
            {
                await SessionUpkeep.ApplyAsync(connection, transaction, SessionStatements.Sqlite, sessions, late, cancellationToken);
            }

            // Not cancellable: once every row is in, "returned" must mean "durable".
            transaction.Commit();
            return added;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public HistoryWriteError Classify(Exception exception) => SqliteErrors.Classify(exception);

    public async Task<bool> AddDeadLetterAsync(ConnectionEvent rejected, Exception exception, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        ArgumentNullException.ThrowIfNull(exception);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var (connection, _) = WriteSide();
            await using var insert = DeadLetterTable.Insert(connection, rejected, Classify(exception), exception, at);
            return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        finally
        {
            _writeLock.Release();
        }
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

        // On the write connection: SQLite has one writer at a time anyway, and queueing behind the
        // semaphore is kinder to the pipeline than a second connection spinning on SQLITE_BUSY.
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var (connection, _) = WriteSide();
            await using var transaction = connection.BeginTransaction();
            await SessionUpkeep.PruneAsync(connection, transaction, HistoryQueries.Ms(olderThan), batchSize, cancellationToken);
            await using var delete = HistoryQueries.Command(connection, HistoryQueries.PruneSql, ("@before", HistoryQueries.Ms(olderThan)), ("@limit", batchSize));
            delete.Transaction = transaction;
            var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return deleted;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<HistoryStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        var (count, oldest, newest) = await HistoryQueries.CountAsync(connection, cancellationToken);
        return new HistoryStats(count, oldest, newest, FileLength(DatabasePath) + FileLength(DatabasePath + "-wal"));
    }

    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_insert is not null)
            {
                await _insert.DisposeAsync();
            }

            if (_writeConnection is not null)
            {
                await _writeConnection.DisposeAsync();
            }

            // Pooled connections keep the file open; closing them lets the last one checkpoint the
            // WAL into the database file, and lets tests delete the folder.
            using var forPool = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(forPool);
            using var forReadPool = new SqliteConnection(_readConnectionString);
            SqliteConnection.ClearPool(forReadPool);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private (SqliteConnection Connection, SqliteCommand Insert) WriteSide()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writeConnection is not null && _insert is not null
            ? (_writeConnection, _insert)
            : throw new InvalidOperationException("Call InitializeAsync before writing to the history store.");
    }

    private async Task<SqliteConnection> OpenWriteConnectionAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var wal = HistoryQueries.Command(connection, "PRAGMA journal_mode=WAL");
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite would not switch {DatabasePath} to WAL mode (it stayed in '{mode}'); the history needs a local file system.");
            }

            await using var sync = HistoryQueries.Command(connection, $"PRAGMA synchronous={Synchronous}; PRAGMA cache_size=-{WriteCacheKibibytes}");
            await sync.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static SqliteCommand PrepareInsert(SqliteConnection connection)
    {
        var insert = connection.CreateCommand();
        insert.CommandText = $"""
            INSERT INTO {HistoryColumns.Table} ({string.Join(", ", HistoryColumns.Inserted)})
            VALUES ({string.Join(", ", HistoryColumns.Inserted.Select(c => "@" + c))})
            ON CONFLICT (client_id, kind, event_time_ms, peer_ip) DO NOTHING
            """;
        foreach (var column in HistoryColumns.Inserted)
        {
            insert.Parameters.Add(new SqliteParameter("@" + column, null));
        }

        insert.Prepare();
        return insert;
    }

    private async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            GroupPredicate.RegisterSqlite(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static long FileLength(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
