namespace Dashboard.Options;

/// <summary>
/// EMQX's REST API (section <c>Emqx</c>): the listing of connected clients (bootstrap and reconcile),
/// kicks, the watch on the dashboard's own session queue, and the one-click rule setup. Everything
/// here is off while <see cref="ApiUrl"/> is empty.
/// </summary>
public sealed class EmqxOptions
{
    public const string Section = "Emqx";

    /// <summary>The largest page EMQX accepts (its <c>limit</c> parameter is 1..10000).</summary>
    public const int MaxPageSize = 10_000;

    /// <summary>The dashboard listener's base URL, e.g. <c>http://emqx:18083</c>; empty turns the REST features off.</summary>
    public string? ApiUrl { get; set; }

    /// <summary>An EMQX API key (created in EMQX's dashboard, or its bootstrap file), sent as HTTP Basic user.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The API key's secret, sent as HTTP Basic password. Never logged, never shown.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>How often the online set is checked against the broker's listing; zero turns the timer off.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Clients per listing page.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>How often the dashboard's own session at EMQX (its queue and drops) is read.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>One REST call's time limit.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the REST features are on.</summary>
    public bool IsOn => !string.IsNullOrWhiteSpace(ApiUrl);

    /// <summary>What a user reads where a REST feature would be, while it is off.</summary>
    public const string HowToTurnOn =
        "EMQX's REST API is not configured. Set Emqx:ApiUrl (e.g. http://emqx:18083), Emqx:ApiKey and Emqx:ApiSecret " +
        "(an API key from EMQX's dashboard, System → API Keys) to list who is online at start-up, reconcile, kick clients and set up the rule in one click.";
}
