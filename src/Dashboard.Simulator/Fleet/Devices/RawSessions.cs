namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>Session lengths for the raw-socket devices, which never ping.</summary>
internal static class RawSessions
{
    /// <summary>A normal session length, kept under the keepalive so the broker never times the device out.</summary>
    public static TimeSpan Length(DeviceContext context)
    {
        var cap = TimeSpan.FromSeconds(FleetPlanner.RawKeepaliveSeconds * 0.9);
        var length = context.SessionLength();
        return length < cap ? length : cap;
    }
}
