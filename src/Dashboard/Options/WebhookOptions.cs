namespace Dashboard.Options;

/// <summary>HTTP ingestion at <c>POST /api/ingest/emqx</c>, for EMQX's HTTP action. Section <c>Webhook</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhook";

    public bool Enabled { get; set; } = true;

    /// <summary>When set, requests need <c>Authorization: Bearer &lt;secret&gt;</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>Larger bodies get 413.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}
