using Dashboard.Core.Ingestion;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Api;

/// <summary>
/// The webhook as an ingestion source, for diagnostics. Created when the app has started, when it
/// also logs whether the webhook is on and, if not, how to turn it on (never the secret itself).
/// </summary>
internal sealed partial class WebhookSource
{
    public WebhookSource(IngestDiagnostics diagnostics, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookSource> logger)
    {
        var settings = options.Value;
        string description = $"POST {WebhookApi.Path}" + (settings.OffReason is { } off ? $" ({off})" : " (bearer secret)");
        Status = diagnostics.AddSource("webhook", description);
        Status.SetState(settings.IsOn ? IngestSourceState.Connected : IngestSourceState.Disabled, time.GetUtcNow());
        if (settings.IsOn)
        {
            Log.On(logger, WebhookApi.Path);
        }
        else
        {
            // Once at start-up: the hint costs nothing worth skipping when Information is off.
            var howToTurnOn = WebhookApi.HowToTurnOn(settings);
            Log.Off(logger, WebhookApi.Path, howToTurnOn);
        }
    }

    public IngestSourceStatus Status { get; }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "The webhook is on at POST {Path}; requests need the Webhook:Secret as a bearer token")]
        public static partial void On(ILogger logger, string path);

        [LoggerMessage(Level = LogLevel.Information, Message = "The webhook (POST {Path}) is off. {HowToTurnOn}")]
        public static partial void Off(ILogger logger, string path, string howToTurnOn);
    }
}
