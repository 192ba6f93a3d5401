namespace Dashboard.Options;

/// <summary>Where and how long every event is kept. Section <c>History</c>.</summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary><c>sqlite</c> (embedded, the default), <c>postgres</c> (scale-out), or <c>none</c> (no history).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The provider's connection string; for SQLite it defaults to <c>&lt;DataDirectory&gt;/history.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The data folder, relative to the app's content root unless absolute.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Events older than this many days are pruned in the background.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Events deleted per prune step; small, so pruning never holds up ingestion.</summary>
    public int PruneBatchSize { get; set; } = 2000;

    /// <summary>Connections the read side (pages, REST, exports) may hold, apart from the writer's (PostgreSQL).</summary>
    public int ReadPoolSize { get; set; } = 4;

    /// <summary>How long one history read may run (PostgreSQL), or wait on a lock (SQLite).</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether the store keeps the sessions rollup (<c>client_sessions</c>), which "online at a moment" and group uptime
    /// read at scale, at the price of more work per stored event. Unset: on for PostgreSQL, off for SQLite (whose
    /// single writer it would slow below the ingest goal); when off, both read the events.
    /// </summary>
    public bool? SessionsRollup { get; set; }

    public bool Enabled => !string.Equals(Provider, "none", StringComparison.OrdinalIgnoreCase);
}
