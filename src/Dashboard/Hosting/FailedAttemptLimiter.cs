using System.Net;
using System.Threading.RateLimiting;

namespace Dashboard.Hosting;

/// <summary>
/// Counts failed secrets (wrong or missing) per source IP in one-minute windows, so a secret cannot
/// be guessed at speed. Only failures take a permit. Behind a reverse proxy every caller shares the
/// proxy's address, and so its allowance.
/// </summary>
internal abstract class FailedAttemptLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress?> _limiter;

    protected FailedAttemptLimiter(int failuresPerMinute)
    {
        _limiter = PartitionedRateLimiter.Create<IPAddress?, string>(ip => RateLimitPartition.GetFixedWindowLimiter(
            ip?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = failuresPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>
    /// Records one failure from <paramref name="ip"/>. False when the address had no failures
    /// left; <paramref name="retryAfter"/> then says when it will have.
    /// </summary>
    public bool TryRecordFailure(IPAddress? ip, out TimeSpan retryAfter) => Acquire(ip, 1, out retryAfter);

    /// <summary>True when <paramref name="ip"/> has no failures left; <paramref name="retryAfter"/> says for how long.</summary>
    public bool IsBlocked(IPAddress? ip, out TimeSpan retryAfter) =>
        !Acquire(ip, 0, out retryAfter); // a request for no permits only asks whether any are left

    public void Dispose() => _limiter.Dispose();

    private bool Acquire(IPAddress? ip, int permits, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(ip, permits);
        retryAfter = TimeSpan.Zero;
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return false;
    }
}
