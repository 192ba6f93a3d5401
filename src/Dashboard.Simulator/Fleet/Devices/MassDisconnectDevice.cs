using Dashboard.Simulator.Mqtt;

namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// A device at a site that goes dark on a schedule (<see cref="DeviceContext.MassDisconnect"/>, the same moment for
/// every such device). Until then it stays connected over a raw socket, pinging within its short keepalive. At the
/// moment it stops sending, as a device without power or network would: the broker times it out after 1.5 ×
/// keepalive (<c>keepalive_timeout</c>), the one reason of the whole wave. It stays away until the outage ends,
/// then comes back within a couple of seconds, as devices booting again do.
/// </summary>
internal sealed class MassDisconnectDevice(DeviceContext context) : Device(context)
{
    private static readonly TimeSpan ReturnSpread = TimeSpan.FromSeconds(2);

    protected override async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        var schedule = Context.MassDisconnect;
        var now = Context.Time.GetUtcNow();
        if (schedule.UnderWayUntil(now) is { } back)
        {
            await Context.DelayAsync(back - now + (ReturnSpread * Context.Random.NextDouble()), cancellationToken);
            return;
        }

        var connection = await Context.ConnectRawAsync(cancellationToken);
        bool brokerClosed = false;
        try
        {
            await StayOnlineUntilAsync(connection, schedule.NextStart(now), cancellationToken);

            // Dark: not one byte more. EMQX closes at 1.5 × keepalive; mosquitto checks coarsely and may take twice that.
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
    }

    /// <summary>Pings every half keepalive (the broker would time the device out otherwise) until <paramref name="dark"/>.</summary>
    private async Task StayOnlineUntilAsync(RawMqttConnection connection, DateTimeOffset dark, CancellationToken cancellationToken)
    {
        var ping = TimeSpan.FromSeconds(Plan.KeepaliveSeconds / 2.0);
        for (var left = dark - Context.Time.GetUtcNow(); left > TimeSpan.Zero; left = dark - Context.Time.GetUtcNow())
        {
            await Context.DelayAsync(left < ping ? left : ping, cancellationToken);
            if (Context.Time.GetUtcNow() < dark)
            {
                await connection.SendAsync(MqttWire.PingReq, cancellationToken);
            }
        }
    }
}
