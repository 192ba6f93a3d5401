using System.Net;
using System.Threading.RateLimiting;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Api;

/// <summary>
/// Counts wrong or missing webhook secrets per source IP, so the secret cannot be guessed at speed.
/// Only failures take a permit: a caller with the right secret is never slowed by this, even from
/// an address that has used up its failures. Behind a reverse proxy every caller shares the
/// proxy's address, and so its allowance.
/// </summary>
internal sealed class WebhookSecretLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress?> _limiter;

    public WebhookSecretLimiter(IOptions<WebhookOptions> options)
    {
        int permits = options.Value.FailedSecretsPerMinute;
        _limiter = PartitionedRateLimiter.Create<IPAddress?, string>(ip => RateLimitPartition.GetFixedWindowLimiter(
            ip?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>
    /// Records one failed secret from <paramref name="ip"/>. False when the address had no failures
    /// left; <paramref name="retryAfter"/> then says when it will have.
    /// </summary>
    public bool TryRecordFailure(IPAddress? ip, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(ip);
        retryAfter = TimeSpan.Zero;
        if (lease.IsAcquired)
        {
            return true;
        }

        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
        {
            retryAfter = wait;
        }

        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
