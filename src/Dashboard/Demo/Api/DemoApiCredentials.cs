using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Dashboard.Demo.Api;

/// <summary>
/// The demo API's key and secret for this run: Demo:ApiSecret, or a random one drawn once, so the
/// demo API and the dashboard's own client (Emqx options) agree on it. Never logged.
/// </summary>
internal sealed class DemoApiCredentials(IOptions<DemoOptions> options)
{
    public string ApiKey { get; } = options.Value.ApiKey;

    public string ApiSecret { get; } = string.IsNullOrEmpty(options.Value.ApiSecret)
        ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))
        : options.Value.ApiSecret;
}
