namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// A device caught in a credentials rotation. Between rotations it behaves like a steady device.
/// When a rotation begins (<see cref="FleetSchedule"/>, the same moment for every such
/// device) it drops its connection, as devices told to re-authenticate do, and reconnects with the
/// stale password (<see cref="FleetOptions.BadPassword"/>): refused with <c>bad_username_or_password</c>,
/// again after each reconnect pause, until the rotation ends and the right password works again.
/// </summary>
internal sealed class CredentialsRotationDevice(DeviceContext context) : Device(context)
{
    protected override async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        var schedule = Context.Rotation;
        var now = Context.Time.GetUtcNow();
        if (schedule.UnderWayUntil(now) is not null)
        {
            await Context.ExpectRefusalAsync(Context.Options.BadPassword, cancellationToken);
            await Context.DelayAsync(Context.Jitter(Context.Options.MeanOfflineTime), cancellationToken);
            return;
        }

        using var client = DeviceContext.CreateClient();
        var watch = DisconnectWatch.Attach(client);
        if (!await Context.ConnectAsync(client, Context.ClientOptions(Context.Password), cancellationToken))
        {
            throw new DeviceException("the broker refused the right password");
        }

        var untilRotation = schedule.NextStart(now) - now;
        var session = Context.SessionLength();
        try
        {
            if (!await Telemetry.PublishForAsync(Context, client, watch, session < untilRotation ? session : untilRotation, cancellationToken))
            {
                throw new DeviceException("the broker closed the connection unexpectedly");
            }
        }
        finally
        {
            await Context.DisconnectCleanlyAsync(client);
        }

        // Dropped for the rotation: straight back (with the stale password), all at once.
        var pause = session < untilRotation ? Context.Jitter(Context.Options.MeanOfflineTime) : Context.Jitter(TimeSpan.FromMilliseconds(200));
        await Context.DelayAsync(pause, cancellationToken);
    }
}
