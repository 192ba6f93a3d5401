namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// A device that hangs: raw-socket CONNECT with a short keepalive, then not one byte more, socket
/// left open. The broker gives up after 1.5 × keepalive and closes it: <c>keepalive_timeout</c>.
/// </summary>
internal sealed class SilentDevice(DeviceContext context) : Device(context)
{
    protected override async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        var connection = await Context.ConnectRawAsync(cancellationToken);
        await RawSessions.FallSilentAsync(Context, connection, () => Task.CompletedTask, cancellationToken);
        await Context.DelayAsync(Context.Jitter(Context.Options.MeanOfflineTime), cancellationToken);
    }
}
