using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Hosting.Health;

/// <summary>
/// The SQLite history file can be opened and read. Read-only and unpooled, so the probe neither
/// creates a missing file nor holds a handle between probes.
/// </summary>
internal sealed class SqliteHealthCheck(string connectionString) : IHealthCheck
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString)
    {
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = false,
    }.ToString();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("sqlite readable");
        }
        catch (SqliteException)
        {
            // The exception's text may name the file's path: the probe's answer stays generic.
            return new HealthCheckResult(context.Registration.FailureStatus, "sqlite cannot be read");
        }
    }
}
