using System.Net;
using Dashboard.Simulator.Mqtt;

namespace Dashboard.Simulator.Fleet;

/// <summary>
/// What <see cref="FleetSimulator"/> simulates. Profile shares are fractions of <see cref="FleetSize"/>;
/// whatever they leave over is steady devices. Call <see cref="Validate"/> (the simulator does) to fail
/// fast with an <see cref="ArgumentException"/> that names the bad option.
/// </summary>
public sealed partial class FleetOptions
{
    public BrokerOptions Broker { get; set; } = new();

    /// <summary>Number of simulated devices (a conflict pair counts as two).</summary>
    public int FleetSize { get; set; } = 100;

    /// <summary>Same seed and options, same devices and the same choices.</summary>
    public int Seed { get; set; } = 42;

    public string ClientIdPrefix { get; set; } = "sim-";

    /// <summary>The username devices connect with when <see cref="BrokerOptions.Username"/> is not set.</summary>
    public string DeviceUsername { get; set; } = "device";

    public double FlakyShare { get; set; } = 0.10;

    public double SilentShare { get; set; } = 0.05;

    public double BadCredentialsShare { get; set; } = 0.04;

    /// <summary>Ignored (the devices stay steady) when <see cref="KickAsync"/> is null.</summary>
    public double KickShare { get; set; } = 0.04;

    public double ProtocolErrorShare { get; set; } = 0.03;

    /// <summary>Rounded down to whole pairs.</summary>
    public double ConflictShare { get; set; } = 0.04;

    public double ReconnectLoopShare { get; set; } = 0.02;

    /// <summary>Devices caught in the credentials rotations (<see cref="DeviceProfile.CredentialsRotation"/>); none unless asked for.</summary>
    public double CredentialsRotationShare { get; set; }

    /// <summary>A credentials rotation begins this long after the fleet starts, and again every this long.</summary>
    public TimeSpan CredentialsRotationEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long each rotation lasts: the rotation devices use the stale password (<see cref="BadPassword"/>) meanwhile.</summary>
    public TimeSpan CredentialsRotationLength { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Devices that drop together in each mass disconnect (<see cref="DeviceProfile.MassDisconnect"/>); none unless asked for.</summary>
    public double MassDisconnectShare { get; set; }

    /// <summary>A mass disconnect begins this long after the fleet starts, and again every this long.</summary>
    public TimeSpan MassDisconnectEvery { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the mass-disconnect devices stay away each time (counted from the moment they fall silent).</summary>
    public TimeSpan MassDisconnectLength { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Fraction of MQTTnet-driven devices that speak MQTT 5.0; the rest speak 3.1.1.</summary>
    public double Mqtt5Share { get; set; } = 0.5;

    /// <summary>Average time a device stays connected before its disconnect; each session is jittered around it.</summary>
    public TimeSpan MeanSessionLength { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Average time a device stays away before it reconnects.</summary>
    public TimeSpan MeanOfflineTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Devices start spread over this window, not all at once.</summary>
    public TimeSpan StartupSpread { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a conflict device waits, after losing the session, before taking it back.</summary>
    public TimeSpan ConflictSwapInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How often a reconnect-loop device opens a fresh connection beside its live one.</summary>
    public TimeSpan ReconnectLoopInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Keepalive of silent and mass-disconnect devices; the broker gives up after about 1.5 times this.</summary>
    public int SilentKeepaliveSeconds { get; set; } = 2;

    public TimeSpan TelemetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a device waits for the broker to close its connection after provoking it (kick,
    /// forbidden publish, second CONNECT, silence past 1.5 × keepalive) before it counts an error.
    /// </summary>
    public TimeSpan BrokerReactionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Source IPs for the two devices of each conflict pair. The 127.0.0.0/8 defaults need a broker
    /// on loopback; for a remote broker list real addresses of this machine.
    /// </summary>
    public IReadOnlyList<string> SourceAddresses { get; set; } = ["127.0.0.2", "127.0.0.3"];

    /// <summary>Bad-credentials devices publish here; a broker that disconnects on denied publish reports <c>not_authorized</c>.</summary>
    public string ForbiddenTopic { get; set; } = "forbidden/test";

    /// <summary>The password bad-credentials devices try first, and rotation devices use during a rotation; the broker must refuse it.</summary>
    public string BadPassword { get; set; } = "wrong-password";

    /// <summary>Kicks a client ID as an operator would (REST kick, embedded broker). Null: no kick profile.</summary>
    public Func<string, CancellationToken, Task>? KickAsync { get; set; }

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Broker, nameof(Broker));
        Broker.Validate(nameof(Broker));
        Require(FleetSize is >= 1 and <= 100_000, nameof(FleetSize), $"must be between 1 and 100000, was {FleetSize}");
        Require(!string.IsNullOrEmpty(ClientIdPrefix), nameof(ClientIdPrefix), "must not be empty");
        Require(!string.IsNullOrEmpty(DeviceUsername), nameof(DeviceUsername), "must not be empty");

        double total = 0;
        foreach (var (name, share) in Shares())
        {
            Require(share is >= 0 and <= 1, name, $"must be a fraction between 0 and 1, was {share}");
            total += share;

            // Name the share that tips the sum over: that is the one to lower (or one listed before it).
            Require(total <= 1 + 1e-9, name, $"brings the sum of the profile shares to {total:0.###}, more than 1");
        }

        Require(Mqtt5Share is >= 0 and <= 1, nameof(Mqtt5Share), $"must be a fraction between 0 and 1, was {Mqtt5Share}");

        RequirePositive(MeanSessionLength, nameof(MeanSessionLength));
        RequirePositive(MeanOfflineTime, nameof(MeanOfflineTime));
        Require(StartupSpread >= TimeSpan.Zero, nameof(StartupSpread), "must not be negative");
        RequirePositive(ConflictSwapInterval, nameof(ConflictSwapInterval));
        RequirePositive(ReconnectLoopInterval, nameof(ReconnectLoopInterval));
        RequirePositive(CredentialsRotationEvery, nameof(CredentialsRotationEvery));
        RequirePositive(CredentialsRotationLength, nameof(CredentialsRotationLength));
        Require(CredentialsRotationLength < CredentialsRotationEvery, nameof(CredentialsRotationLength), $"must be shorter than CredentialsRotationEvery ({CredentialsRotationEvery}), was {CredentialsRotationLength}");
        RequirePositive(MassDisconnectEvery, nameof(MassDisconnectEvery));
        RequirePositive(MassDisconnectLength, nameof(MassDisconnectLength));
        Require(MassDisconnectLength < MassDisconnectEvery, nameof(MassDisconnectLength), $"must be shorter than MassDisconnectEvery ({MassDisconnectEvery}), was {MassDisconnectLength}");
        RequirePositive(TelemetryInterval, nameof(TelemetryInterval));
        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        RequirePositive(BrokerReactionTimeout, nameof(BrokerReactionTimeout));
        Require(SilentKeepaliveSeconds is >= 1 and <= 600, nameof(SilentKeepaliveSeconds), $"must be between 1 and 600, was {SilentKeepaliveSeconds}");

        Require(!string.IsNullOrEmpty(ForbiddenTopic) && ForbiddenTopic.IndexOfAny(['+', '#']) < 0, nameof(ForbiddenTopic), "must be a topic name without wildcards");
        Require(!string.IsNullOrEmpty(BadPassword), nameof(BadPassword), "must not be empty");
        Require(BadPassword != Broker.Password, nameof(BadPassword), "must differ from Broker.Password, or the broker would accept it");
        ValidateSourceAddresses();
    }

    internal IReadOnlyList<IPAddress> ParsedSourceAddresses() => [.. SourceAddresses.Select(IPAddress.Parse)];

    private void ValidateSourceAddresses()
    {
        Require(SourceAddresses is not null, nameof(SourceAddresses), "must not be null");
        var distinct = new HashSet<IPAddress>();
        foreach (var text in SourceAddresses!)
        {
            Require(IPAddress.TryParse(text, out var address), nameof(SourceAddresses), $"'{text}' is not an IP address");
            distinct.Add(address!);
        }

        // A "conflict" from one address would look like a reconnect loop, which is a different finding.
        Require(ConflictShare == 0 || distinct.Count >= 2, nameof(SourceAddresses), "needs at least two different addresses when ConflictShare is above 0");
    }

    private static void RequirePositive(TimeSpan value, string name) => Require(value > TimeSpan.Zero, name, $"must be positive, was {value}");

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"FleetOptions.{name} {problem}.", name);
        }
    }
}
