namespace Dashboard.Options;

/// <summary>
/// HTTP ingestion at <c>POST /api/ingest/emqx</c>, for EMQX's HTTP action. Section <c>Webhook</c>.
/// Off until <see cref="Secret"/> is set: an open endpoint would let any web page an operator visits,
/// or anyone on the network, plant events.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhook";

    /// <summary>The shortest secret accepted: long enough that guessing it under the rate limit is hopeless.</summary>
    public const int MinSecretLength = 16;

    /// <summary>An explicit off switch: false keeps the webhook off even when a secret is set.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Turns the webhook on; requests then need <c>Authorization: Bearer &lt;secret&gt;</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>Larger bodies get 413.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Wrong or missing secrets allowed per source IP per minute; beyond that, 429 until the minute is over.</summary>
    public int FailedSecretsPerMinute { get; set; } = 10;

    /// <summary>Whether the endpoint takes events: enabled, and a secret set.</summary>
    public bool IsOn => Enabled && !string.IsNullOrEmpty(Secret);

    /// <summary>Why the endpoint is off, as an operator should read it; null when it is on.</summary>
    public string? OffReason => (Enabled, string.IsNullOrEmpty(Secret)) switch
    {
        (false, _) => "off: Webhook:Enabled is false",
        (true, true) => "off: set Webhook:Secret",
        _ => null,
    };
}
