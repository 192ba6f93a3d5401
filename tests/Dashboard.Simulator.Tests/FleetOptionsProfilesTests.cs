using System.Reflection;
using Dashboard.Simulator.Fleet;

namespace Dashboard.Simulator.Tests;

/// <summary>
/// <see cref="FleetOptions.OnlyProfiles"/> against every <c>*Share</c> property found by reflection, so a profile
/// share added to the options later cannot be left out of it (a test of one profile would then get that one too).
/// </summary>
public sealed class FleetOptionsProfilesTests
{
    private const double Set = 0.05;

    public static TheoryData<DeviceProfile> Profiles => new(Enum.GetValues<DeviceProfile>());

    [Theory]
    [MemberData(nameof(Profiles))]
    public void OnlyProfiles_zeroes_every_profile_share_but_the_kept_one(DeviceProfile keep)
    {
        var options = new FleetOptions { Mqtt5Share = 0.3 };
        foreach (var share in ProfileShareProperties())
        {
            share.SetValue(options, Set);
        }

        Assert.Same(options, options.OnlyProfiles(keep));

        foreach (var share in ProfileShareProperties())
        {
            // Steady has no share: keeping it alone leaves every share at 0.
            var expected = share.Name == $"{keep}Share" ? Set : 0;
            Assert.True(expected == (double)share.GetValue(options)!, $"{share.Name} is {share.GetValue(options)} after OnlyProfiles({keep}); expected {expected}.");
        }

        Assert.Equal(0.3, options.Mqtt5Share);
    }

    [Fact]
    public void OnlyProfiles_with_none_kept_plans_a_fleet_of_steady_devices_and_keeps_several_when_asked()
    {
        var steady = new FleetOptions { FleetSize = 40 }.OnlyProfiles();
        Assert.All(FleetPlanner.Create(steady), d => Assert.Equal(DeviceProfile.Steady, d.Profile));

        var two = new FleetOptions { FleetSize = 40, ConflictShare = 0.2, ReconnectLoopShare = 0.1 }.OnlyProfiles(DeviceProfile.Conflict, DeviceProfile.ReconnectLoop);
        var counts = FleetPlanner.Create(two).CountBy(d => d.Profile).ToDictionary();
        Assert.Equal(8, counts[DeviceProfile.Conflict]);
        Assert.Equal(4, counts[DeviceProfile.ReconnectLoop]);
        Assert.Equal(28, counts[DeviceProfile.Steady]);
        Assert.Equal(3, counts.Count);
    }

    /// <summary>The convention the reflection relies on: each profile but steady has a share named after it, and nothing else does.</summary>
    [Fact]
    public void Every_share_property_but_the_protocol_mix_belongs_to_a_profile_and_every_profile_but_steady_has_one()
    {
        var names = ProfileShareProperties().Select(p => p.Name).Order(StringComparer.Ordinal);
        var profiles = Enum.GetValues<DeviceProfile>().Where(p => p != DeviceProfile.Steady).Select(p => $"{p}Share").Order(StringComparer.Ordinal);
        Assert.Equal(profiles, names);
    }

    /// <summary>Every settable <c>double *Share</c> property, but <see cref="FleetOptions.Mqtt5Share"/>: the protocol mix, not a profile.</summary>
    private static PropertyInfo[] ProfileShareProperties() =>
    [
        .. typeof(FleetOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name.EndsWith("Share", StringComparison.Ordinal) && p.Name != nameof(FleetOptions.Mqtt5Share)),
    ];
}
