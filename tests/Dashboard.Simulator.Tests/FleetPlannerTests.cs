using Dashboard.Simulator.Fleet;

namespace Dashboard.Simulator.Tests;

public sealed class FleetPlannerTests
{
    private static FleetOptions Options(int seed) => new()
    {
        FleetSize = 300,
        Seed = seed,
        KickAsync = (_, _) => Task.CompletedTask,
    };

    [Fact]
    public void The_same_seed_gives_the_same_plan()
    {
        var first = FleetPlanner.Create(Options(7));
        var second = FleetPlanner.Create(Options(7));

        Assert.Equal(300, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_seed_gives_another_plan()
    {
        var first = FleetPlanner.Create(Options(7));
        var other = FleetPlanner.Create(Options(8));

        Assert.NotEqual(first.Select(d => (d.Profile, d.ProtocolLevel)), other.Select(d => (d.Profile, d.ProtocolLevel)));
    }

    [Fact]
    public void Shares_become_device_counts_and_the_rest_is_steady()
    {
        var plan = FleetPlanner.Create(Options(1));
        var counts = plan.GroupBy(d => d.Profile).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(30, counts[DeviceProfile.Flaky]);
        Assert.Equal(15, counts[DeviceProfile.Silent]);
        Assert.Equal(12, counts[DeviceProfile.BadCredentials]);
        Assert.Equal(12, counts[DeviceProfile.Kick]);
        Assert.Equal(9, counts[DeviceProfile.ProtocolError]);
        Assert.Equal(12, counts[DeviceProfile.Conflict]);
        Assert.Equal(6, counts[DeviceProfile.ReconnectLoop]);
        Assert.Equal(300 - 96, counts[DeviceProfile.Steady]);
    }

    [Theory]
    [InlineData(DeviceProfile.CredentialsRotation, 0.1, 30, "sim-rotation-")]
    [InlineData(DeviceProfile.MassDisconnect, 0.2, 60, "sim-outage-")]
    public void Scheduled_profiles_are_none_by_default_and_their_share_when_asked_for(DeviceProfile profile, double share, int devices, string prefix)
    {
        var options = Options(1);
        Assert.DoesNotContain(FleetPlanner.Create(options), d => d.Profile == profile);

        if (profile == DeviceProfile.CredentialsRotation)
        {
            options.CredentialsRotationShare = share;
        }
        else
        {
            options.MassDisconnectShare = share;
        }

        var plan = FleetPlanner.Create(options);

        var scheduled = plan.Where(d => d.Profile == profile).ToList();
        Assert.Equal(devices, scheduled.Count);
        Assert.Equal(300 - 96 - devices, plan.Count(d => d.Profile == DeviceProfile.Steady));
        Assert.All(scheduled, d => Assert.StartsWith(prefix, d.ClientId, StringComparison.Ordinal));
    }

    [Fact]
    public void Mass_disconnect_devices_speak_over_raw_sockets_with_the_silent_devices_short_keepalive()
    {
        var options = Options(1);
        options.MassDisconnectShare = 0.1;

        Assert.All(
            FleetPlanner.Create(options).Where(d => d.Profile == DeviceProfile.MassDisconnect),
            d => Assert.Equal((4, options.SilentKeepaliveSeconds, true), (d.ProtocolLevel, d.KeepaliveSeconds, d.CleanStart)));
    }

    [Fact]
    public void Without_a_kick_function_kick_devices_are_steady()
    {
        var options = Options(1);
        options.KickAsync = null;

        var plan = FleetPlanner.Create(options);

        Assert.DoesNotContain(plan, d => d.Profile == DeviceProfile.Kick);
        Assert.Equal(300 - 84, plan.Count(d => d.Profile == DeviceProfile.Steady));
    }

    [Fact]
    public void Client_ids_name_the_profile_and_are_unique_except_within_a_conflict_pair()
    {
        var plan = FleetPlanner.Create(Options(3));

        Assert.Contains(plan, d => d.ClientId == "sim-steady-0001");
        Assert.Contains(plan, d => d.ClientId == "sim-conflict-0006");
        Assert.All(plan, d => Assert.Matches("^sim-(steady|flaky|silent|badcreds|kick|protoerr|conflict|reconnect)-\\d{4}$", d.ClientId));
        Assert.All(plan.Where(d => d.Profile != DeviceProfile.Conflict).GroupBy(d => d.ClientId), g => Assert.Single(g));
    }

    [Fact]
    public void Conflict_pairs_share_an_id_from_two_addresses_half_keeping_their_session()
    {
        var pairs = FleetPlanner.Create(Options(3)).Where(d => d.Profile == DeviceProfile.Conflict).GroupBy(d => d.ClientId).ToList();

        Assert.Equal(6, pairs.Count);
        Assert.All(pairs, pair =>
        {
            Assert.Equal(2, pair.Count());
            Assert.Equal(["127.0.0.2", "127.0.0.3"], pair.Select(d => d.SourceAddress).Order());
            Assert.Single(pair.Select(d => d.CleanStart).Distinct());
        });
        Assert.Equal(3, pairs.Count(p => !p.First().CleanStart));
    }

    [Fact]
    public void Devices_start_staggered_across_the_startup_spread()
    {
        var plan = FleetPlanner.Create(Options(5));
        var starts = plan.Where(d => d.Profile != DeviceProfile.Conflict).Select(d => d.StartDelay).ToList();

        Assert.All(starts, s => Assert.InRange(s, TimeSpan.Zero, TimeSpan.FromSeconds(10)));
        Assert.True(starts.Distinct().Count() == starts.Count, "no two devices start at the same instant");
        Assert.True(plan.Count(d => d.StartDelay < TimeSpan.FromSeconds(1)) < 60, "start-up is spread, not a burst");
    }

    [Fact]
    public void Protocol_versions_mix_and_raw_socket_profiles_speak_311()
    {
        var plan = FleetPlanner.Create(Options(9));

        Assert.InRange(plan.Count(d => d.ProtocolLevel == 5), 60, 160);
        Assert.All(
            plan.Where(d => d.Profile is DeviceProfile.Flaky or DeviceProfile.Silent or DeviceProfile.ProtocolError),
            d => Assert.Equal(4, d.ProtocolLevel));
        Assert.All(plan.Where(d => d.Profile == DeviceProfile.ReconnectLoop), d => Assert.False(d.CleanStart));
    }
}
