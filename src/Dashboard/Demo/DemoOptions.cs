namespace Dashboard.Demo;

/// <summary>
/// Demo mode: an MQTT broker inside the app that publishes EMQX-shaped client events, and a
/// simulated fleet connecting to it. Section <c>Demo</c>. When enabled, the app's own MQTT source
/// reads the embedded broker.
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    /// <summary>The address the embedded broker listens on; loopback unless you want devices from elsewhere.</summary>
    public string BrokerAddress { get; set; } = "127.0.0.1";

    public int BrokerPort { get; set; } = 1883;

    /// <summary>How many simulated devices connect to the embedded broker; 0 runs the broker alone.</summary>
    public int FleetSize { get; set; } = 300;

    /// <summary>Makes the simulated fleet's behaviour repeatable.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>The node name the embedded broker reports, as an EMQX node would (<c>name@host</c>).</summary>
    public string NodeName { get; set; } = "demo@127.0.0.1";

    /// <summary>The port of the demo EMQX REST API (<c>/api/v5</c>), on <see cref="BrokerAddress"/>; 18083 as at EMQX.</summary>
    public int ApiPort { get; set; } = 18083;

    /// <summary>The demo API key (HTTP Basic user).</summary>
    public string ApiKey { get; set; } = "demo-api-key";

    /// <summary>The demo API key's secret; empty picks a random one per run. Never logged.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>A CONNECT with this password is refused (bad credentials), as the simulator's profile expects.</summary>
    public string BadPassword { get; set; } = "wrong-password";

    /// <summary>
    /// Percent of the fleet caught in the demo's credentials rotations: every
    /// <see cref="CredentialsRotationEverySeconds"/> they drop and reconnect with a stale password
    /// (<see cref="BadPassword"/>) for <see cref="CredentialsRotationSeconds"/>, a wall of
    /// <c>bad_username_or_password</c> refusals, then recover. 0 turns the rotations off.
    /// </summary>
    public int CredentialsRotationPercent { get; set; } = 10;

    public int CredentialsRotationEverySeconds { get; set; } = 600;

    public int CredentialsRotationSeconds { get; set; } = 60;

    /// <summary>
    /// Percent of the fleet at a "site" that goes dark every <see cref="MassDisconnectEverySeconds"/> (the first that
    /// long after the fleet starts): all of them fall silent at once and the broker times them out
    /// (<c>keepalive_timeout</c>), away for <see cref="MassDisconnectSeconds"/>, then back. 20 % of the default 300
    /// devices is 60, over Conflicts:MassDisconnectClients (50), so each outage is a mass-disconnect incident, the
    /// first four minutes in (every four: often enough to see, apart from the rotation's ten); a maintenance window on <c>sim-outage-*</c> suppresses it. 0 turns the outages off.
    /// </summary>
    public int MassDisconnectPercent { get; set; } = 20;

    public int MassDisconnectEverySeconds { get; set; } = 240;

    public int MassDisconnectSeconds { get; set; } = 30;

    /// <summary>The most the two scheduled profiles may take together: the fleet's other profiles take 32 % by default.</summary>
    internal const int ScheduledPercentCap = 68;

    /// <summary>A publish to a topic under this prefix is denied and the connection closed (<c>not_authorized</c>).</summary>
    public string ForbiddenTopicPrefix { get; set; } = "forbidden/";
}
