namespace Dashboard.Simulator.Fleet;

/// <summary>
/// When a fleet-wide event recurs (a credentials rotation, a site outage): the first <see cref="Every"/> after
/// the fleet starts and then every <see cref="Every"/>; each lasts <see cref="Length"/> (rotation devices use the
/// stale password meanwhile, mass-disconnect devices stay off). Every device of the profile follows the same
/// clock, which is what makes the event a wall rather than a trickle.
/// </summary>
public sealed record FleetSchedule(DateTimeOffset FleetStartedAt, TimeSpan Every, TimeSpan Length)
{
    /// <summary>The end of the event under way at <paramref name="now"/>; null when none is.</summary>
    public DateTimeOffset? UnderWayUntil(DateTimeOffset now)
    {
        long index = Index(now);
        if (index < 1)
        {
            return null;
        }

        var end = FleetStartedAt + (Every * index) + Length;
        return now < end ? end : null;
    }

    /// <summary>When the next event after <paramref name="now"/> begins.</summary>
    public DateTimeOffset NextStart(DateTimeOffset now) => FleetStartedAt + (Every * (Math.Max(Index(now), 0) + 1));

    private long Index(DateTimeOffset now) => now < FleetStartedAt ? -1 : (long)Math.Floor((now - FleetStartedAt) / Every);
}
