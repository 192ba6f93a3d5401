namespace Dashboard.Options;

/// <summary>The MQTT event source: where EMQX republishes its client events. Section <c>Mqtt</c>.</summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";

    /// <summary>
    /// The topics a fresh install listens on: EMQX rule republish targets, named after the events
    /// (connects and disconnects; connacks, authentications and authorizations for refused
    /// connections), and <c>$SYS</c> client messages. The demo broker publishes on the same names.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultTopics =
    [
        "client_connected",
        "client_disconnected",
        "client_connack",
        "client_check_authn_complete",
        "client_check_authz_complete",
        "$SYS/brokers/+/clients/+/connected",
        "$SYS/brokers/+/clients/+/disconnected",
    ];

    public bool Enabled { get; set; } = true;

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 1883;

    /// <summary>
    /// The dashboard's own client ID. Each instance needs its own (the broker keeps one session
    /// per ID, and a second instance with the same ID would take the session over).
    /// </summary>
    public string ClientId { get; set; } = "connection-dashboard";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool UseTls { get; set; }

    /// <summary>Accept a broker certificate that does not validate (test brokers only).</summary>
    public bool AllowUntrustedCertificates { get; set; }

    /// <summary>
    /// Null means <see cref="DefaultTopics"/>. Kept null until bound because the configuration
    /// binder appends to a pre-filled list instead of replacing it.
    /// </summary>
    public string[]? Topics { get; set; }

    /// <summary>How long the broker keeps our session (and queues events for us) while we are away.</summary>
    public uint SessionExpirySeconds { get; set; } = 3600;

    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>First wait after a failed connect; it doubles up to <see cref="ReconnectMaxDelaySeconds"/>.</summary>
    public double ReconnectInitialDelaySeconds { get; set; } = 0.5;

    public double ReconnectMaxDelaySeconds { get; set; } = 30;

    public IReadOnlyList<string> EffectiveTopics => Topics is { Length: > 0 } topics ? topics : DefaultTopics;
}
