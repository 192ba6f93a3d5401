using Dashboard.History;
using Microsoft.Extensions.Configuration;

namespace Dashboard.Tests.History;

public sealed class HistoryStoreFactoryTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sqlite")]
    [InlineData(" SQLite ")]
    public async Task Sqlite_is_the_default_with_a_file_in_the_data_directory(string? provider)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "history-factory-" + Guid.NewGuid().ToString("N"));

        await using var store = HistoryStoreFactory.Create(provider, null, dataDirectory);

        var sqlite = Assert.IsType<SqliteHistoryStore>(store);
        Assert.Equal(Path.Combine(dataDirectory, "history.db"), sqlite.DatabasePath);
        Assert.False(Directory.Exists(dataDirectory));
    }

    [Theory]
    [InlineData("sqlite", null, false)]
    [InlineData("sqlite", true, true)]
    [InlineData("postgres", null, true)]
    [InlineData("postgres", false, false)]
    public async Task The_sessions_rollup_is_kept_on_postgres_and_not_on_sqlite_unless_told(string provider, bool? told, bool kept)
    {
        var connectionString = provider == "postgres" ? "Host=127.0.0.1;Database=dashboard;Username=dashboard" : null;

        await using var store = HistoryStoreFactory.Create(provider, connectionString, Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")), sessionsRollup: told);

        Assert.Equal(kept, ((ISessionRollup)store).KeepsSessions);
    }

    [Fact]
    public async Task A_sqlite_connection_string_wins_over_the_data_directory()
    {
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "custom.db");

        await using var store = HistoryStoreFactory.Create("sqlite", $"Data Source={file}", "/nowhere");

        Assert.Equal(file, Assert.IsType<SqliteHistoryStore>(store).DatabasePath);
    }

    [Fact]
    public async Task Postgres_with_a_connection_string_gives_the_postgres_store()
    {
        await using var store = HistoryStoreFactory.Create("postgres", "Host=127.0.0.1;Database=dashboard;Username=dashboard", "data");

        Assert.Equal("postgres", Assert.IsType<PostgresHistoryStore>(store).Provider);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Postgres_without_a_connection_string_names_the_key(string? connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() => HistoryStoreFactory.Create("postgres", connectionString, "data"));

        Assert.Contains("History:ConnectionString", error.Message);
    }

    [Fact]
    public void An_unknown_provider_names_the_key_and_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => HistoryStoreFactory.Create("mysql", null, "data"));

        Assert.Contains("History:Provider", error.Message);
        Assert.Contains("'mysql'", error.Message);
        Assert.Contains("postgres", error.Message);
    }

    [Theory]
    [InlineData("sqlite", "Data Source=:memory:")]
    [InlineData("sqlite", "Nonsense=1")]
    [InlineData("postgres", "Port=notanumber")]
    [InlineData("postgres", "Nonsense=1")]
    public void A_bad_connection_string_names_the_key(string provider, string connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() => HistoryStoreFactory.Create(provider, connectionString, "data"));

        Assert.Contains("History:ConnectionString", error.Message);
    }

    [Fact]
    public async Task Configuration_is_read_from_the_history_section_relative_to_the_content_root()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["History:DataDirectory"] = "store" })
            .Build();

        await using var store = HistoryStoreFactory.Create(configuration, "/srv/app");

        Assert.Equal("/srv/app/store/history.db", Assert.IsType<SqliteHistoryStore>(store).DatabasePath);
    }
}
