namespace Dashboard.Options;

/// <summary>Limits of the ingestion path. Section <c>Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>A payload larger than this is a parse failure, not an event.</summary>
    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>Events that may wait for the pipeline before sources are made to wait.</summary>
    public int ChannelCapacity { get; set; } = 100_000;

    /// <summary>The most events the pipeline applies under one lock.</summary>
    public int MaxBatchSize { get; set; } = 2000;

    /// <summary>The least time between two change notifications to pages and hub clients.</summary>
    public int NotifyIntervalMilliseconds { get; set; } = 200;

    /// <summary>
    /// The longest client ID, username, disconnect reason or node name an event may carry (in
    /// characters); a longer one makes the event a parse failure that names the field.
    /// </summary>
    public int MaxFieldLength { get; set; } = 1024;

    /// <summary>
    /// How far an event's time (or its <c>connected_at</c>) may be ahead of when it was received before
    /// it is clamped to the receive time and counted as a clamped time.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
