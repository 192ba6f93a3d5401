using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Hosting.Health;

/// <summary>
/// Not ready while starting (history not yet ready, live state not yet rebuilt) and once the app is
/// stopping, so a load balancer sends no new work to an instance that cannot take it yet or any more.
/// </summary>
internal sealed class LifecycleHealthCheck(StartupReadiness readiness, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string Name = "lifecycle";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("stopping")
            : !readiness.IsReady ? HealthCheckResult.Unhealthy("starting: live state not yet rebuilt from history")
            : HealthCheckResult.Healthy("running");
        return Task.FromResult(result);
    }
}
