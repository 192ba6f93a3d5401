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
        bool brokerClosed = false;
        try
        {
            // EMQX closes at 1.5 × keepalive on the dot; mosquitto checks coarsely and may take twice that.
            var patience = TimeSpan.FromSeconds(Plan.KeepaliveSeconds * 3) + Context.Options.BrokerReactionTimeout;
            brokerClosed = await connection.WaitForBrokerCloseAsync(patience, cancellationToken);
        }
        finally
        {
            await connection.DisposeAsync();
            Context.Stats.RecordDisconnect(Plan.Profile, brokerClosed ? EmqxReasonNames.KeepaliveTimeout : EmqxReasonNames.TcpClosed);
        }

        if (!brokerClosed)
        {
            throw new DeviceException("the broker kept a silent connection open past 1.5 × keepalive");
        }

        await Context.DelayAsync(Context.Jitter(Context.Options.MeanOfflineTime), cancellationToken);
    }
}
