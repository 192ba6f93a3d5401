using Dashboard.Core.History;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Hosting.Health;

/// <summary>
/// Unhealthy while the pipeline's last write to history failed: ingestion is waiting for the store.
/// It clears on the next write that succeeds. Says nothing of the error itself (see Diagnostics).
/// </summary>
internal sealed class HistoryWritesHealthCheck(HistoryStatus status) : IHealthCheck
{
    public const string Name = "history-writes";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = !status.Enabled ? HealthCheckResult.Healthy("not kept (History:Provider none)")
            : status.Failing ? HealthCheckResult.Unhealthy("the last write failed; ingestion waits for the store")
            : HealthCheckResult.Healthy("writing");
        return Task.FromResult(result);
    }
}
