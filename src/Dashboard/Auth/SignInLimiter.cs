using Dashboard.Hosting;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>
/// Counts wrong sign-in tokens and API keys per source IP (<c>Auth:FailedSignInsPerMinute</c>).
/// Unlike the webhook, an address that has used up its failures is refused every attempt, right
/// or wrong (<see cref="FailedAttemptLimiter.IsBlocked"/> first), until the minute is over:
/// otherwise a guesser would still learn when a guess was right.
/// </summary>
internal sealed class SignInLimiter(IOptions<AuthOptions> options)
    : FailedAttemptLimiter(options.Value.FailedSignInsPerMinute)
{
    /// <summary>Takes one failure from <paramref name="ip"/>'s allowance.</summary>
    public void RecordFailure(System.Net.IPAddress? ip) => TryRecordFailure(ip, out _);
}
