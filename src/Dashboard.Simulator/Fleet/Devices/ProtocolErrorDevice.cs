namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// A device with buggy firmware: raw-socket CONNECT, a while online, then a second CONNECT on the same
/// connection, which MQTT forbids. The broker closes the connection (EMQX reports <c>protocol_error</c>,
/// the demo's embedded broker <c>internal_error</c>).
/// </summary>
internal sealed class ProtocolErrorDevice(DeviceContext context) : Device(context)
{
    protected override async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        var connection = await Context.ConnectRawAsync(cancellationToken);
        bool brokerClosed = false;
        try
        {
            await Context.DelayAsync(RawSessions.Length(Context) / 2, cancellationToken);
            await connection.SendAsync(Context.RawConnectPacket(), cancellationToken);
            brokerClosed = await connection.WaitForBrokerCloseAsync(Context.Options.BrokerReactionTimeout, cancellationToken);
        }
        finally
        {
            await connection.DisposeAsync();
            Context.Stats.RecordDisconnect(Plan.Profile, brokerClosed ? EmqxReasonNames.InternalError : EmqxReasonNames.TcpClosed);
        }

        if (!brokerClosed)
        {
            throw new DeviceException("the broker accepted a second CONNECT on one connection");
        }

        await Context.DelayAsync(Context.Jitter(Context.Options.MeanOfflineTime), cancellationToken);
    }
}
