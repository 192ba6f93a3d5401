using System.Text.Json;
using Dashboard.History;
using Dashboard.Options;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Hosting.Health;

/// <summary>
/// The probes, both anonymous and outside <c>/api</c> (so no rate limit): <c>/healthz</c> says the
/// process answers and runs no check; <c>/readyz</c> runs the checks tagged <see cref="Ready"/>:
/// start-up and stop (<see cref="LifecycleHealthCheck"/>), the history store (PostgreSQL through
/// AspNetCore.HealthChecks.NpgSql, SQLite through <see cref="SqliteHealthCheck"/>) and the pipeline's
/// writes (<see cref="HistoryWritesHealthCheck"/>). 200 when all are healthy, 503 otherwise.
/// </summary>
internal static class HealthEndpoints
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    public const string Ready = "ready";
    public const string HistoryCheck = "history";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly object ProbeDataSource = new();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddDashboardHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StartupReadiness>();
        var checks = services.AddHealthChecks()
            .AddCheck<LifecycleHealthCheck>(LifecycleHealthCheck.Name, tags: [Ready])
            .AddCheck<HistoryWritesHealthCheck>(HistoryWritesHealthCheck.Name, tags: [Ready]);

        // The provider decides which check is registered; its values are validated at start-up (History options).
        switch (configuration[HistoryStoreFactory.ProviderKey]?.Trim().ToLowerInvariant())
        {
            case "none":
                checks.AddCheck(HistoryCheck, () => HealthCheckResult.Healthy("not kept (History:Provider none)"), tags: [Ready]);
                break;
            case HistoryStoreFactory.Postgres:
                // Its own small pool, so a probe never waits behind the store's writer or readers.
                services.AddKeyedSingleton(ProbeDataSource, (sp, _) => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(Options(sp).ConnectionString)
                {
                    MaxPoolSize = 2,
                    Timeout = (int)ProbeTimeout.TotalSeconds,
                }));
                checks.AddNpgSql(sp => sp.GetRequiredKeyedService<NpgsqlDataSource>(ProbeDataSource), name: HistoryCheck, tags: [Ready], timeout: ProbeTimeout);
                break;
            default:
                checks.Add(new HealthCheckRegistration(HistoryCheck, sp => new SqliteHealthCheck(SqliteConnectionString(sp)), failureStatus: null, tags: [Ready], timeout: ProbeTimeout));
                break;
        }

        return services;
    }

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    private static HistoryOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<HistoryOptions>>().Value;

    private static string SqliteConnectionString(IServiceProvider sp)
    {
        var options = Options(sp);
        return string.IsNullOrWhiteSpace(options.ConnectionString)
            ? HistoryStoreFactory.DefaultSqliteConnectionString(Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, options.DataDirectory))
            : options.ConnectionString;
    }

    /// <summary>
    /// Each check's name, status and our own short description. A check that threw (the PostgreSQL
    /// one when the server is down, any check that timed out) says "unavailable": an exception's
    /// text may name hosts, files or users, and a probe is anonymous.
    /// </summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new HealthBody(
            report.Status.ToString(),
            report.Entries.Select(e => new HealthCheckBody(e.Key, e.Value.Status.ToString(), e.Value.Exception is null ? e.Value.Description : "unavailable")).ToList());
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }
}

internal sealed record HealthBody(string Status, IReadOnlyList<HealthCheckBody> Checks);

internal sealed record HealthCheckBody(string Name, string Status, string? Description);
