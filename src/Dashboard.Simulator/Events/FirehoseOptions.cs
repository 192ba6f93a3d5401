using Dashboard.Simulator.Mqtt;

namespace Dashboard.Simulator.Events;

/// <summary>
/// What <see cref="Firehose"/> publishes: synthetic EMQX rule events for <see cref="Clients"/> client IDs,
/// at <see cref="Rate"/> events per second, until <see cref="Count"/> events, <see cref="Duration"/>, or cancellation.
/// </summary>
public sealed class FirehoseOptions
{
    public const int MaxClients = 10_000_000;

    public BrokerOptions Broker { get; set; } = new();

    /// <summary>Target events per second; 0 publishes as fast as the broker takes them.</summary>
    public double Rate { get; set; } = 1000;

    /// <summary>How many distinct client IDs the events are spread over. IDs are generated, never stored.</summary>
    public int Clients { get; set; } = 1000;

    /// <summary>Stop after exactly this many events; null for no limit.</summary>
    public long? Count { get; set; }

    /// <summary>Stop after this long; null for no limit.</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>0 or 1. QoS 1 waits for the broker's PUBACK, so a publish counts only once the broker has it.</summary>
    public int Qos { get; set; }

    /// <summary>
    /// Connect every one of <see cref="Clients"/> once, in order, before the random connects and
    /// disconnects: with <see cref="Count"/> = <see cref="Clients"/>, the whole set ends up online.
    /// </summary>
    public bool ConnectAllFirst { get; set; }

    /// <summary>Same seed, same sequence of clients, kinds and reasons (times come from the clock).</summary>
    public int Seed { get; set; } = 42;

    public string ConnectedTopic { get; set; } = "client_connected";

    public string DisconnectedTopic { get; set; } = "client_disconnected";

    /// <summary>Client IDs are this prefix and a zero-padded index, at least four digits wide, e.g. <c>fh-0042</c>.</summary>
    public string ClientIdPrefix { get; set; } = "fh-";

    /// <summary>The EMQX node name written into every event.</summary>
    public string Node { get; set; } = "emqx@127.0.0.1";

    /// <summary>The firehose's own MQTT client ID; the default keeps two firehoses with different seeds apart.</summary>
    public string? PublisherClientId { get; set; }

    /// <summary>Publishes awaiting completion (socket write, or PUBACK at QoS 1) at any moment.</summary>
    public int MaxInFlight { get; set; } = 1000;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Broker, nameof(Broker));
        Broker.Validate(nameof(Broker));
        Require(Rate >= 0 && double.IsFinite(Rate), nameof(Rate), $"must be 0 (unlimited) or a positive number of events per second, was {Rate}");
        Require(Clients is >= 1 and <= MaxClients, nameof(Clients), $"must be between 1 and {MaxClients}, was {Clients}");
        Require(Count is null or >= 1, nameof(Count), $"must be at least 1 when set, was {Count}");
        Require(Duration is null || Duration > TimeSpan.Zero, nameof(Duration), $"must be positive when set, was {Duration}");
        Require(Qos is 0 or 1, nameof(Qos), $"must be 0 or 1, was {Qos}");
        Require(IsTopicName(ConnectedTopic), nameof(ConnectedTopic), "must be a topic name without wildcards");
        Require(IsTopicName(DisconnectedTopic), nameof(DisconnectedTopic), "must be a topic name without wildcards");
        Require(ConnectedTopic != DisconnectedTopic, nameof(DisconnectedTopic), "must differ from ConnectedTopic");
        Require(!string.IsNullOrEmpty(ClientIdPrefix) && ClientIdPrefix.Length <= 32, nameof(ClientIdPrefix), "must be 1 to 32 characters");
        Require(!string.IsNullOrEmpty(Node), nameof(Node), "must not be empty");
        Require(MaxInFlight is >= 1 and <= 65_000, nameof(MaxInFlight), $"must be between 1 and 65000 (MQTT packet identifiers), was {MaxInFlight}");
    }

    private static bool IsTopicName(string? topic) => !string.IsNullOrEmpty(topic) && topic.IndexOfAny(['+', '#']) < 0;

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"FirehoseOptions.{name} {problem}.", name);
        }
    }
}
