using Dashboard.Core.History;
using Dashboard.History;
using Microsoft.Data.Sqlite;
using static Dashboard.Tests.History.HistoryEvents;

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

    protected override IHistoryStore Open(string connectionString) => new SqliteHistoryStore(connectionString);

    private string DatabasePath => new SqliteConnectionStringBuilder(ConnectionString).DataSource;

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
