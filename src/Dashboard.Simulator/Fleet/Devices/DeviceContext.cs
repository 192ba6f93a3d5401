using System.Net;
using Dashboard.Simulator.Mqtt;
using MQTTnet;

namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// What one device loop works with: its plan, the fleet options, the shared counters and clock,
/// and its own <see cref="Random"/> (seeded from the plan, used by this device's loop only).
/// </summary>
internal sealed class DeviceContext
{
    private static readonly MqttClientFactory ClientFactory = new();

    public DeviceContext(DevicePlan plan, FleetOptions options, FleetStats stats, TimeProvider time, DateTimeOffset fleetStartedAt)
    {
        Rotation = new FleetSchedule(fleetStartedAt, options.CredentialsRotationEvery, options.CredentialsRotationLength);
        MassDisconnect = new FleetSchedule(fleetStartedAt, options.MassDisconnectEvery, options.MassDisconnectLength);
        Plan = plan;
        Options = options;
        Stats = stats;
        Time = time;
        Random = new Random(plan.Seed);
        SourceAddress = plan.SourceAddress is null ? null : IPAddress.Parse(plan.SourceAddress);
    }

    public DevicePlan Plan { get; }

    public FleetOptions Options { get; }

    public FleetStats Stats { get; }

    public TimeProvider Time { get; }

    public Random Random { get; }

    public IPAddress? SourceAddress { get; }

    /// <summary>The fleet's credentials rotations, on the clock every device shares.</summary>
    public FleetSchedule Rotation { get; }

    /// <summary>The fleet's mass disconnects (a site losing power or its network), on the same clock.</summary>
    public FleetSchedule MassDisconnect { get; }

    public string ClientId => Plan.ClientId;

    public string Username => Options.Broker.Username ?? Options.DeviceUsername;

    public string? Password => Options.Broker.Password;

    /// <summary>Uniformly between half and one and a half times <paramref name="mean"/>: no two devices in lockstep.</summary>
    public TimeSpan Jitter(TimeSpan mean) => mean * (0.5 + Random.NextDouble());

    /// <summary>How long the next session lasts: between a quarter and 1.75 times the mean.</summary>
    public TimeSpan SessionLength() => Options.MeanSessionLength * (0.25 + (1.5 * Random.NextDouble()));

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        Task.Delay(delay, Time, cancellationToken);

    public static IMqttClient CreateClient() => ClientFactory.CreateMqttClient();

    /// <summary>MQTTnet options for this device: its protocol, keepalive, clean start and source address.</summary>
    public MqttClientOptions ClientOptions(string? password) =>
        ClientOptionsFactory.Build(Options.Broker, ClientId, SourceAddress, Options.ConnectTimeout, builder =>
        {
            builder
                .WithProtocolVersion(ClientOptionsFactory.ToMqttnet(Plan.ProtocolLevel))
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(Plan.KeepaliveSeconds))
                .WithCleanStart(Plan.CleanStart)
                .WithCredentials(Username, password);

            if (Plan.ProtocolLevel == 5 && !Plan.CleanStart)
            {
                // An MQTT 5 session that is meant to be kept needs an expiry, as real persistent clients set.
                builder.WithSessionExpiryInterval(120);
            }
        });

    /// <summary>A raw MQTT 3.1.1 CONNECT for this device.</summary>
    public byte[] RawConnectPacket() =>
        MqttWire.Connect(ClientId, Username, Password, (ushort)Plan.KeepaliveSeconds, Plan.CleanStart);

    /// <summary>
    /// Connects with MQTTnet and counts the outcome: true when accepted, false when the broker refused
    /// the CONNECT (MQTTnet 5 returns refusals as a result code); other failures throw <see cref="DeviceException"/>.
    /// </summary>
    public async Task<bool> ConnectAsync(IMqttClient client, MqttClientOptions options, CancellationToken cancellationToken)
    {
        MqttClientConnectResultCode code;
        try
        {
            code = (await client.ConnectAsync(options, cancellationToken)).ResultCode;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Stats.RecordConnectFailure(Plan.Profile);
            throw new DeviceException($"connect failed: {ex.Message}", ex);
        }

        if (code == MqttClientConnectResultCode.Success)
        {
            Stats.RecordConnect(Plan.Profile);
            return true;
        }

        Stats.RecordConnectFailure(Plan.Profile);
        return false;
    }

    /// <summary>
    /// Connects with a password the broker must refuse, and counts the refusal. A broker without
    /// authentication (mosquitto with allow_anonymous) lets it in: that is counted as an error, and the
    /// device leaves politely.
    /// </summary>
    public async Task ExpectRefusalAsync(string password, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        if (await ConnectAsync(client, ClientOptions(password), cancellationToken))
        {
            Stats.RecordError(Plan.Profile, $"{ClientId}: the broker accepted the bad password");
            await DisconnectCleanlyAsync(client);
        }
    }

    /// <summary>Connects over a raw socket and counts the outcome.</summary>
    public async Task<RawMqttConnection> ConnectRawAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await RawMqttConnection.ConnectAsync(Options.Broker, RawConnectPacket(), Options.ConnectTimeout, cancellationToken);
            Stats.RecordConnect(Plan.Profile);
            return connection;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Stats.RecordConnectFailure(Plan.Profile);
            throw new DeviceException($"connect failed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Sends DISCONNECT if the client is still connected (the broker reports <c>normal</c>) and counts it.
    /// Runs on shutdown too, so it takes no cancellation token, only a short timeout of its own.
    /// </summary>
    public async Task DisconnectCleanlyAsync(IMqttClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token);
            Stats.RecordDisconnect(Plan.Profile, EmqxReasonNames.Normal);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Stats.RecordError(Plan.Profile, $"{ClientId}: clean disconnect failed: {ex.Message}");
        }
    }
}

/// <summary>A device cycle went wrong in a way worth counting and backing off from, not crashing the fleet.</summary>
internal sealed class DeviceException(string message, Exception? inner = null) : Exception(message, inner);
