namespace Dashboard.Simulator.Fleet;

/// <summary>
/// When the fleet's credentials rotations happen: the first <see cref="Every"/> after the fleet starts
/// and then every <see cref="Every"/>; each lasts <see cref="Length"/>, during which the rotation
/// devices still use the stale password. Every rotation device follows the same clock, which is what
/// makes the burst a wall of refusals rather than a trickle.
/// </summary>
public sealed record CredentialsRotationSchedule(DateTimeOffset FleetStartedAt, TimeSpan Every, TimeSpan Length)
{
    /// <summary>The end of the rotation under way at <paramref name="now"/>; null when none is.</summary>
    public DateTimeOffset? StaleUntil(DateTimeOffset now)
    {
        long index = Index(now);
        if (index < 1)
        {
            return null;
        }

        var end = FleetStartedAt + (Every * index) + Length;
        return now < end ? end : null;
    }

    /// <summary>When the next rotation after <paramref name="now"/> begins.</summary>
    public DateTimeOffset NextStart(DateTimeOffset now) => FleetStartedAt + (Every * (Math.Max(Index(now), 0) + 1));

    private long Index(DateTimeOffset now) => now < FleetStartedAt ? -1 : (long)Math.Floor((now - FleetStartedAt) / Every);
}
