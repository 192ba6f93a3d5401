using Dashboard.Core.History;
using Dashboard.Hosting.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Dashboard.Tests.Integration.Health;

/// <summary>
/// The checks whose states a running app over HTTP cannot show on demand: still starting (the web
/// server listens only after start-up), stopping, a failing write, and an unreadable SQLite file.
/// </summary>
public sealed class HealthCheckTests
{
    [Fact]
    public async Task Lifecycle_is_unhealthy_while_starting_healthy_once_ready_and_unhealthy_once_stopping()
    {
        var readiness = new StartupReadiness();
        using var lifetime = new Lifetime();
        var check = new LifecycleHealthCheck(readiness, lifetime);

        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(check)).Status);
        readiness.MarkReady();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
        lifetime.StopApplication();
        var stopping = await CheckAsync(check);
        Assert.Equal(HealthStatus.Unhealthy, stopping.Status);
        Assert.Equal("stopping", stopping.Description);
    }

    [Fact]
    public async Task History_writes_are_unhealthy_while_the_last_write_failed()
    {
        var status = new HistoryStatus("postgres");
        var check = new HistoryWritesHealthCheck(status);
        var at = DateTimeOffset.UnixEpoch;

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
        status.RecordFailure("connection refused to db:5432", at);
        var failing = await CheckAsync(check);
        Assert.Equal(HealthStatus.Unhealthy, failing.Status);
        Assert.DoesNotContain("5432", failing.Description, StringComparison.Ordinal);
        status.RecordWrite(1, 1, at, TimeSpan.FromMilliseconds(1));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
    }

    [Fact]
    public async Task Sqlite_is_unhealthy_when_its_file_cannot_be_read_and_does_not_create_it()
    {
        var directory = Directory.CreateTempSubdirectory("sqlite-health-").FullName;
        try
        {
            var file = Path.Combine(directory, "history.db");
            var check = new SqliteHealthCheck($"Data Source={file}");

            var missing = await CheckAsync(check);

            Assert.Equal(HealthStatus.Unhealthy, missing.Status);
            Assert.DoesNotContain(directory, missing.Description, StringComparison.Ordinal);
            Assert.False(File.Exists(file));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) => check.CheckHealthAsync(new HealthCheckContext
    {
        Registration = new HealthCheckRegistration("test", check, failureStatus: null, tags: null),
    });

    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }
}
