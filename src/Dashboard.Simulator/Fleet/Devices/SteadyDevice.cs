namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// A well-behaved device: connects, publishes a little telemetry, then sends DISCONNECT (reason code 0),
/// which the broker reports as <c>normal</c>; waits and does it again.
/// </summary>
internal sealed class SteadyDevice(DeviceContext context) : Device(context)
{
    protected override async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        using var client = DeviceContext.CreateClient();
        var watch = DisconnectWatch.Attach(client);
        if (!await Context.ConnectAsync(client, Context.ClientOptions(Context.Password), cancellationToken))
        {
            throw new DeviceException("the broker refused the connection");
        }

        try
        {
            if (!await Telemetry.PublishForAsync(Context, client, watch, Context.SessionLength(), cancellationToken))
            {
                throw new DeviceException("the broker closed the connection unexpectedly");
            }
        }
        finally
        {
            await Context.DisconnectCleanlyAsync(client);
        }

        await Context.DelayAsync(Context.Jitter(Context.Options.MeanOfflineTime), cancellationToken);
    }
}
