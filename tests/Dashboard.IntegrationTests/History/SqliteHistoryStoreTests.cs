using System.Data.Common;
using Dashboard.Core.History;
using Dashboard.History;
using Microsoft.Data.Sqlite;
using static Dashboard.Tests.History.HistoryExpectations;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>A temp folder for one test class's SQLite files, deleted at the end.</summary>
public sealed class SqliteFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("history-sqlite-").FullName;

    public string NewDatabase() => $"Data Source={System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N"), "history.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}

public sealed class SqliteHistoryStoreTests(SqliteFolder folder) : HistoryStoreContractTests, IClassFixture<SqliteFolder>
{
    protected override string ExpectedProvider => "sqlite";

    // Each database sits in a folder that does not exist yet: the store must create it.
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(folder.NewDatabase());

    protected override IHistoryStore Open(string connectionString, bool keepSessions) => new SqliteHistoryStore(connectionString, keepSessions: keepSessions);

    protected override string[] SchemaSteps => HistorySchema.Sqlite;

    protected override async Task<DbConnection> OpenConnectionAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    protected override async Task ExecuteAsync(string connectionString, string sql)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(new SqliteConnectionStringBuilder(connectionString).DataSource)!);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private string DatabasePath => new SqliteConnectionStringBuilder(ConnectionString).DataSource;

    // SQLite has no CHECK to add to a table; a trigger that aborts is a constraint failure too.
    protected override async Task RejectClientIdAsync(string clientId)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var trigger = connection.CreateCommand();
        trigger.CommandText = $"""
            CREATE TRIGGER test_rejects BEFORE INSERT ON connection_events
            WHEN NEW.client_id = '{clientId}' BEGIN SELECT RAISE(ABORT, 'rejected by the test'); END
            """;
        await trigger.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Sqlite_takes_nul_in_text_as_it_came()
    {
        // Unlike PostgreSQL: nothing to dead-letter here, and the value reads back whole.
        var e = Connected("dev\0ice", 1) with { Reason = "bad\0reason" };

        Assert.Equal(1, await Store.AppendAsync([e], None));

        var stored = Assert.Single(await AllAsync());
        Assert.Equal((e.ClientId, e.Reason), (stored.ClientId, stored.Reason));
    }

    [Theory]
    [InlineData(19, "SQLITE_CONSTRAINT", true)]
    [InlineData(19 | (5 << 8), "SQLITE_CONSTRAINT", true)] // SQLITE_CONSTRAINT_NOTNULL
    [InlineData(20, "SQLITE_MISMATCH", true)]
    [InlineData(18, "SQLITE_TOOBIG", true)]
    [InlineData(5, "SQLite error 5", false)] // SQLITE_BUSY
    [InlineData(13, "SQLite error 13", false)] // SQLITE_FULL
    [InlineData(10, "SQLite error 10", false)] // SQLITE_IOERR
    public void Constraint_and_datatype_errors_are_permanent_the_rest_transient(int code, string name, bool permanent)
    {
        Assert.Equal(new HistoryWriteError(permanent, name), Store.Classify(new SqliteException("test", code)));
    }

    [Fact]
    public async Task A_real_strict_type_violation_is_permanent()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO connection_events (client_id, kind, event_time_ms, received_at_ms, source, peer_ip) VALUES ('a', 'connected', 'not a number', 1, 'mqtt', '')";

        var error = await Assert.ThrowsAsync<SqliteException>(() => insert.ExecuteNonQueryAsync());

        Assert.Equal(HistoryWriteError.Permanent("SQLITE_CONSTRAINT"), Store.Classify(error));
    }

    [Fact]
    public void The_data_folder_is_created()
    {
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task The_database_is_in_wal_mode_and_stats_count_the_wal()
    {
        await Store.AppendAsync([Connected("a", 1)], None);

        var stats = await Store.GetStatsAsync(None);

        Assert.True(File.Exists(DatabasePath + "-wal"));
        Assert.Equal(new FileInfo(DatabasePath).Length + new FileInfo(DatabasePath + "-wal").Length, stats.SizeBytes);
    }

    [Fact]
    public async Task Files_copied_while_the_store_is_open_open_with_every_committed_batch()
    {
        // What a killed process leaves behind: the database file and a WAL never checkpointed.
        await Store.AppendAsync([Connected("a", 1), Disconnected("a", 2)], None);
        await Store.AppendAsync([Connected("b", 3)], None);
        var crashed = Path.Combine(Path.GetDirectoryName(DatabasePath)!, "crashed", "history.db");
        Directory.CreateDirectory(Path.GetDirectoryName(crashed)!);
        File.Copy(DatabasePath, crashed);
        File.Copy(DatabasePath + "-wal", crashed + "-wal");

        await using var recovered = new SqliteHistoryStore($"Data Source={crashed}");
        await recovered.InitializeAsync(None);

        Assert.Equal(["a@1", "a@2", "b@3"], Keys(await AllAsync(recovered)));
        Assert.Equal(1, await recovered.AppendAsync([Connected("c", 4)], None));
    }

    [Fact]
    public async Task A_version_1_database_moves_to_one_client_keyed_index_and_keeps_its_rows()
    {
        var old = folder.NewDatabase();
        var path = new SqliteConnectionStringBuilder(old).DataSource;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await using (var connection = new SqliteConnection(old))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            long t = T0.ToUnixTimeMilliseconds() + 1;
            create.CommandText = HistorySchema.Sqlite[0] + $"""
                CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY);
                INSERT INTO schema_version VALUES (1);
                INSERT INTO connection_events (client_id, kind, event_time_ms, received_at_ms, source, peer_ip)
                VALUES ('a', 'connected', {t}, {t}, 'mqtt', '10.0.0.1');
                """;
            await create.ExecuteNonQueryAsync();
        }

        await using var store = new SqliteHistoryStore(old);
        await store.InitializeAsync(None);

        Assert.Equal(["ix_connection_events_time", "ux_connection_events_client_time"], await IndexNamesAsync(old));
        Assert.Equal(["a@1"], Keys(await store.ExportAsync(DateTimeOffset.UnixEpoch, T0.AddYears(100), null, None).ToListAsync(None)));
        Assert.Equal(0, await store.AppendAsync([Connected("a", 1)], None));
        Assert.Equal(1, await store.AppendAsync([Connected("a", 2)], None));

        // And on to version 3: the dead-letter table.
        Assert.True(await store.AddDeadLetterAsync(Connected("b", 3), new InvalidOperationException("x"), T0, None));
        Assert.Equal(1, (await store.GetDeadLettersAsync(5, None)).Count);
    }

    private static async Task<List<string>> IndexNamesAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'connection_events' AND sql IS NOT NULL ORDER BY name";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    [Fact]
    public async Task Writing_before_initialize_says_so()
    {
        await using var store = new SqliteHistoryStore(folder.NewDatabase());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync([Connected("a", 1)], None));

        Assert.Contains("InitializeAsync", error.Message);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=x.db;Mode=ReadOnly")]
    [InlineData("Mode=ReadWriteCreate")]
    public void A_connection_string_without_a_writable_file_is_refused(string connectionString)
    {
        Assert.Throws<ArgumentException>(() => new SqliteHistoryStore(connectionString));
    }
}
