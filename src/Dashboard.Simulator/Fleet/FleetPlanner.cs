namespace Dashboard.Simulator.Fleet;

/// <summary>
/// Turns <see cref="FleetOptions"/> into the list of devices to simulate. Every random choice comes
/// from one <see cref="Random"/> seeded with <see cref="FleetOptions.Seed"/>, in a fixed order, so a
/// seed always yields the same plan; each device gets a seed of its own for its later choices.
/// </summary>
public static class FleetPlanner
{
    /// <summary>Keepalive of the raw-socket devices that are not meant to time out.</summary>
    internal const int RawKeepaliveSeconds = 60;

    private const double ShareEpsilon = 1e-9;

    public static IReadOnlyList<DevicePlan> Create(FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var random = new Random(options.Seed);

        // A unit is one device, or one conflict pair: the pair must stay together to start in step.
        var units = new List<DeviceProfile>();
        foreach (var (profile, devices) in Counts(options))
        {
            units.AddRange(Enumerable.Repeat(profile, profile == DeviceProfile.Conflict ? devices / 2 : devices));
        }

        // Mixed profiles: the start-up stagger should not bring all flaky devices in first.
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(units));

        var addresses = options.ParsedSourceAddresses().Select(a => a.ToString()).ToArray();
        var numbers = new Dictionary<DeviceProfile, int>();
        var plans = new List<DevicePlan>(options.FleetSize);
        for (int unit = 0; unit < units.Count; unit++)
        {
            var profile = units[unit];
            int number = numbers[profile] = numbers.GetValueOrDefault(profile) + 1;
            string clientId = $"{options.ClientIdPrefix}{ClientIdWord(profile)}-{number:D4}";
            var start = options.StartupSpread * ((unit + random.NextDouble()) / units.Count);

            if (profile == DeviceProfile.Conflict)
            {
                // Odd pairs keep their session (takenover), even pairs start clean (discarded): half and half.
                bool cleanStart = number % 2 == 0;
                int level = ProtocolLevel(profile, options, random);
                int keepalive = random.Next(30, 61);
                string first = addresses[(2 * (number - 1)) % addresses.Length];
                string second = addresses[((2 * (number - 1)) + 1) % addresses.Length];
                plans.Add(new(plans.Count, profile, clientId, level, keepalive, cleanStart, first, start, random.Next()));

                // The second device arrives one swap interval later and takes the session for the first time.
                plans.Add(new(plans.Count, profile, clientId, level, keepalive, cleanStart, second, start + options.ConflictSwapInterval, random.Next()));
                continue;
            }

            plans.Add(new DevicePlan(
                plans.Count,
                profile,
                clientId,
                ProtocolLevel(profile, options, random),
                Keepalive(profile, options, random),
                CleanStart(profile, random),
                SourceAddress: null,
                start,
                random.Next()));
        }

        return plans;
    }

    /// <summary>Devices per profile: shares rounded down, conflicts to whole pairs, the rest steady.</summary>
    internal static IReadOnlyList<(DeviceProfile Profile, int Devices)> Counts(FleetOptions options)
    {
        int Of(double share) => (int)Math.Floor((share * options.FleetSize) + ShareEpsilon);

        var counts = new List<(DeviceProfile, int)>
        {
            (DeviceProfile.Flaky, Of(options.FlakyShare)),
            (DeviceProfile.Silent, Of(options.SilentShare)),
            (DeviceProfile.BadCredentials, Of(options.BadCredentialsShare)),

            // Without a way to kick, kick devices would just be steady ones under another name.
            (DeviceProfile.Kick, options.KickAsync is null ? 0 : Of(options.KickShare)),
            (DeviceProfile.ProtocolError, Of(options.ProtocolErrorShare)),
            (DeviceProfile.Conflict, Of(options.ConflictShare) / 2 * 2),
            (DeviceProfile.ReconnectLoop, Of(options.ReconnectLoopShare)),
            (DeviceProfile.CredentialsRotation, Of(options.CredentialsRotationShare)),
            (DeviceProfile.MassDisconnect, Of(options.MassDisconnectShare)),
        };
        counts.Insert(0, (DeviceProfile.Steady, options.FleetSize - counts.Sum(c => c.Item2)));
        return counts;
    }

    internal static string ClientIdWord(DeviceProfile profile) => profile switch
    {
        DeviceProfile.Steady => "steady",
        DeviceProfile.Flaky => "flaky",
        DeviceProfile.Silent => "silent",
        DeviceProfile.BadCredentials => "badcreds",
        DeviceProfile.Kick => "kick",
        DeviceProfile.ProtocolError => "protoerr",
        DeviceProfile.Conflict => "conflict",
        DeviceProfile.ReconnectLoop => "reconnect",
        DeviceProfile.CredentialsRotation => "rotation",
        DeviceProfile.MassDisconnect => "outage",
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, null),
    };

    /// <summary>Raw-socket profiles speak 3.1.1 (their packets are hand-written); the rest follow the MQTT 5 share.</summary>
    internal static bool UsesRawSocket(DeviceProfile profile) =>
        profile is DeviceProfile.Flaky or DeviceProfile.Silent or DeviceProfile.ProtocolError or DeviceProfile.MassDisconnect;

    private static int ProtocolLevel(DeviceProfile profile, FleetOptions options, Random random) =>
        !UsesRawSocket(profile) && random.NextDouble() < options.Mqtt5Share ? 5 : 4;

    private static int Keepalive(DeviceProfile profile, FleetOptions options, Random random) => profile switch
    {
        // A mass disconnect should show within seconds of its moment: the broker gives up after 1.5 × this.
        DeviceProfile.Silent or DeviceProfile.MassDisconnect => options.SilentKeepaliveSeconds,

        // Raw sockets never ping; their sessions are capped below this so the broker never times them out.
        DeviceProfile.Flaky or DeviceProfile.ProtocolError => RawKeepaliveSeconds,
        _ => random.Next(30, 61),
    };

    private static bool CleanStart(DeviceProfile profile, Random random) => profile switch
    {
        // Only a session that is kept (clean start false) is taken over rather than discarded.
        DeviceProfile.ReconnectLoop => false,
        DeviceProfile.Flaky or DeviceProfile.Silent or DeviceProfile.ProtocolError or DeviceProfile.MassDisconnect => true,
        _ => random.NextDouble() < 0.7,
    };
}
