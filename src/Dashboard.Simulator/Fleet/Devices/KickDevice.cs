namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// A steady device that the operator kicks after a while: the simulator calls
/// <see cref="FleetOptions.KickAsync"/> with its client ID and the broker closes the connection (<c>kicked</c>).
/// </summary>
internal sealed class KickDevice(DeviceContext context) : Device(context)
{
    protected override async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        var kick = Context.Options.KickAsync ?? throw new InvalidOperationException("kick devices are planned only when KickAsync is set");
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
                throw new DeviceException("the broker closed the connection before the kick");
            }

            await kick(Context.ClientId, cancellationToken);
            if (!await watch.WaitAsync(Context.Options.BrokerReactionTimeout, Context.Time, cancellationToken))
            {
                throw new DeviceException($"still connected {Context.Options.BrokerReactionTimeout.TotalSeconds:0.#} s after the kick");
            }

            Context.Stats.RecordDisconnect(Plan.Profile, EmqxReasonNames.Kicked);
        }
        finally
        {
            await Context.DisconnectCleanlyAsync(client);
        }

        await Context.DelayAsync(Context.Jitter(Context.Options.MeanOfflineTime), cancellationToken);
    }
}
