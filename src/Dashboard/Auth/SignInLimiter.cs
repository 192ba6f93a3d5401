using System.Net;
using System.Threading.RateLimiting;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>
/// Counts wrong sign-in tokens and API keys per source IP (<c>Auth:FailedSignInsPerMinute</c>).
/// Unlike the webhook's limiter, an address that has used up its failures is refused every attempt,
/// right or wrong, until the minute is over: otherwise a guesser would still learn when a guess was right.
/// </summary>
internal sealed class SignInLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress?> _limiter;

    public SignInLimiter(IOptions<AuthOptions> options)
    {
        int permits = options.Value.FailedSignInsPerMinute;
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

    /// <summary>True when <paramref name="ip"/> has no failures left; <paramref name="retryAfter"/> says for how long.</summary>
    public bool IsBlocked(IPAddress? ip, out TimeSpan retryAfter)
    {
        // A request for no permits only asks whether any are left.
        using var lease = _limiter.AttemptAcquire(ip, permitCount: 0);
        retryAfter = TimeSpan.Zero;
        if (lease.IsAcquired)
        {
            return false;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return true;
    }

    /// <summary>Takes one failure from <paramref name="ip"/>'s allowance.</summary>
    public void RecordFailure(IPAddress? ip)
    {
        using var lease = _limiter.AttemptAcquire(ip);
    }

    public void Dispose() => _limiter.Dispose();
}
