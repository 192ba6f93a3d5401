namespace Dashboard.Simulator.Fleet;

/// <summary>The profile shares as one list: <see cref="Validate"/> sums it, <see cref="OnlyProfiles"/> zeroes it.</summary>
public sealed partial class FleetOptions
{
    /// <summary>
    /// Every profile's share (steady devices have none: they are what the shares leave over), in the order
    /// <see cref="Validate"/> names them. A share added to the options goes here too: a test finds every
    /// <c>*Share</c> property by reflection and checks that <see cref="OnlyProfiles"/> zeroes it.
    /// </summary>
    private static readonly ProfileShare[] ProfileShares =
    [
        new(DeviceProfile.Flaky, nameof(FlakyShare), o => o.FlakyShare, (o, v) => o.FlakyShare = v),
        new(DeviceProfile.Silent, nameof(SilentShare), o => o.SilentShare, (o, v) => o.SilentShare = v),
        new(DeviceProfile.BadCredentials, nameof(BadCredentialsShare), o => o.BadCredentialsShare, (o, v) => o.BadCredentialsShare = v),
        new(DeviceProfile.Kick, nameof(KickShare), o => o.KickShare, (o, v) => o.KickShare = v),
        new(DeviceProfile.ProtocolError, nameof(ProtocolErrorShare), o => o.ProtocolErrorShare, (o, v) => o.ProtocolErrorShare = v),
        new(DeviceProfile.Conflict, nameof(ConflictShare), o => o.ConflictShare, (o, v) => o.ConflictShare = v),
        new(DeviceProfile.ReconnectLoop, nameof(ReconnectLoopShare), o => o.ReconnectLoopShare, (o, v) => o.ReconnectLoopShare = v),
        new(DeviceProfile.CredentialsRotation, nameof(CredentialsRotationShare), o => o.CredentialsRotationShare, (o, v) => o.CredentialsRotationShare = v),
        new(DeviceProfile.MassDisconnect, nameof(MassDisconnectShare), o => o.MassDisconnectShare, (o, v) => o.MassDisconnectShare = v),
    ];

    /// <summary>
    /// Sets the share of every profile but <paramref name="keep"/> to 0 and returns these options: a fleet of steady
    /// devices plus only the profiles a test is about (none given: steady devices only). The kept shares stay as set,
    /// e.g. <c>new FleetOptions { MassDisconnectShare = 0.8 }.OnlyProfiles(DeviceProfile.MassDisconnect)</c>.
    /// </summary>
    public FleetOptions OnlyProfiles(params DeviceProfile[] keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        foreach (var share in ProfileShares.Where(s => !keep.Contains(s.Profile)))
        {
            share.Set(this, 0);
        }

        return this;
    }

    internal IEnumerable<(string Name, double Share)> Shares() => ProfileShares.Select(s => (s.Name, s.Get(this)));

    private sealed record ProfileShare(DeviceProfile Profile, string Name, Func<FleetOptions, double> Get, Action<FleetOptions, double> Set);
}
