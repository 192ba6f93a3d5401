namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// One of two devices that were given the same client ID, each on its own source IP. It connects
/// and stays until the broker hands its session to the other device (clean start false:
/// <c>takenover</c>; true: <c>discarded</c>), waits a few seconds, and takes the session back:
/// the pair keeps alternating.
/// </summary>
internal sealed class ConflictDevice(DeviceContext context) : Device(context)
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
            // No time limit: it stays as long as its twin leaves it alone.
            await watch.WaitAsync(cancellationToken);
            Context.Stats.RecordDisconnect(Plan.Profile, Plan.CleanStart ? EmqxReasonNames.Discarded : EmqxReasonNames.TakenOver);
        }
        finally
        {
            await Context.DisconnectCleanlyAsync(client);
        }

        await Context.DelayAsync(Context.Jitter(Context.Options.ConflictSwapInterval), cancellationToken);
    }
}
