using Dashboard.Core.History;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dashboard.History;

/// <summary>
/// Picks and builds the history store from configuration, failing fast with the key to fix.
/// Keys: <c>History:Provider</c> (<c>sqlite</c>, the default, or <c>postgres</c>),
/// <c>History:ConnectionString</c> (required for postgres; for sqlite it defaults to
/// <c>Data Source=&lt;History:DataDirectory&gt;/history.db</c>), <c>History:DataDirectory</c>.
/// </summary>
public static class HistoryStoreFactory
{
    public const string ProviderKey = "History:Provider";
    public const string ConnectionStringKey = "History:ConnectionString";
    public const string DataDirectoryKey = "History:DataDirectory";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string DefaultDataDirectory = "data";
    public const string SqliteFileName = "history.db";

    /// <summary>Reads the three keys; a relative data directory is taken from <paramref name="contentRootPath"/>.</summary>
    public static IHistoryStore Create(IConfiguration configuration, string contentRootPath)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var dataDirectory = configuration[DataDirectoryKey];
        dataDirectory = string.IsNullOrWhiteSpace(dataDirectory) ? DefaultDataDirectory : dataDirectory;
        return Create(configuration[ProviderKey], configuration[ConnectionStringKey], Path.Combine(contentRootPath, dataDirectory));
    }

    /// <param name="provider"><c>sqlite</c> or <c>postgres</c>, any case; empty means sqlite.</param>
    /// <param name="connectionString">The provider's connection string; empty means the SQLite default.</param>
    /// <param name="dataDirectory">Where the default SQLite file goes (created if missing).</param>
    /// <param name="reads">The read side's pool and timeout; <see cref="HistoryReadLimits.Default"/> when null.</param>
    /// <param name="sessionsRollup"><c>History:SessionsRollup</c>: whether to keep the sessions rollup; null: the provider's default (<see cref="KeepsSessionsByDefault"/>).</param>
    /// <exception cref="ArgumentException">A value is unusable; the message names the key.</exception>
    public static IHistoryStore Create(string? provider, string? connectionString, string dataDirectory, HistoryReadLimits? reads = null, bool? sessionsRollup = null)
    {
        var name = string.IsNullOrWhiteSpace(provider) ? Sqlite : provider.Trim().ToLowerInvariant();
        var hasConnectionString = !string.IsNullOrWhiteSpace(connectionString);
        switch (name)
        {
            case Sqlite:
                var sqlite = hasConnectionString ? connectionString! : DefaultSqliteConnectionString(dataDirectory);
                return Build(() => new SqliteHistoryStore(sqlite, reads, sessionsRollup ?? KeepsSessionsByDefault(Sqlite)), "a SQLite connection string naming a database file, e.g. 'Data Source=data/history.db'");
            case Postgres:
                if (!hasConnectionString)
                {
                    throw new ArgumentException(
                        $"{ProviderKey} is '{Postgres}' but {ConnectionStringKey} is empty; set it to an Npgsql connection string, e.g. 'Host=db;Database=dashboard;Username=dashboard;Password=…'.",
                        nameof(connectionString));
                }

                return Build(() => new PostgresHistoryStore(connectionString!, reads, sessionsRollup ?? KeepsSessionsByDefault(Postgres)), "an Npgsql connection string, e.g. 'Host=db;Database=dashboard;Username=dashboard'");
            default:
                throw new ArgumentException($"{ProviderKey} is '{provider}'; use '{Sqlite}' (the default) or '{Postgres}'.", nameof(provider));
        }
    }

    /// <summary>
    /// Whether a provider keeps the sessions rollup unless told: PostgreSQL does (the scale it is for needs it, and its
    /// writes take it in their stride); SQLite does not, as its one writer spends about twice the CPU per event with it
    /// and fell to 0.6 of <c>mosquitto_sub</c>'s rate, below the ingest goal of 0.9 (bench/README.md, ingest).
    /// </summary>
    public static bool KeepsSessionsByDefault(string provider) => provider == Postgres;

    /// <summary>The SQLite connection string used when none is configured.</summary>
    public static string DefaultSqliteConnectionString(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, SqliteFileName) }.ToString();
    }

    // Connection-string parsers throw ArgumentException (or others) that mention neither the key
    // nor the provider; rethrow with both, keeping the parser's message, but never the string
    // itself: it may hold a password.
    private static IHistoryStore Build(Func<IHistoryStore> create, string expected)
    {
        try
        {
            return create();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or NpgsqlException)
        {
            throw new ArgumentException($"{ConnectionStringKey} is not {expected}: {e.Message}", e);
        }
    }
}
