using Dashboard.Hosting;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Api;

/// <summary>
/// Counts wrong or missing webhook secrets per source IP (<c>Webhook:FailedSecretsPerMinute</c>).
/// A caller with the right secret is never slowed by this, even from an address that has used up
/// its failures.
/// </summary>
internal sealed class WebhookSecretLimiter(IOptions<WebhookOptions> options)
    : FailedAttemptLimiter(options.Value.FailedSecretsPerMinute);
