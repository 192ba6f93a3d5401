using Dashboard.Simulator.Mqtt;

namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>Session lengths for the raw-socket devices that never ping, and the silence that ends a session in a timeout.</summary>
internal static class RawSessions
{
    /// <summary>A normal session length, kept under the keepalive so the broker never times the device out.</summary>
    public static TimeSpan Length(DeviceContext context)
    {
        var cap = TimeSpan.FromSeconds(FleetPlanner.RawKeepaliveSeconds * 0.9);
        var length = context.SessionLength();
        return length < cap ? length : cap;
    }

    /// <summary>
    /// Runs <paramref name="online"/> on an open connection, then sends not one byte more until the broker times the
    /// device out (<c>keepalive_timeout</c>), and counts the ending; a broker that keeps the connection is an error.
    /// </summary>
    public static async Task FallSilentAsync(DeviceContext context, RawMqttConnection connection, Func<Task> online, CancellationToken cancellationToken)
    {
        bool brokerClosed = false;
        try
        {
            await online();

            // EMQX closes at 1.5 × keepalive on the dot; mosquitto checks coarsely and may take twice that.
            var patience = TimeSpan.FromSeconds(context.Plan.KeepaliveSeconds * 3) + context.Options.BrokerReactionTimeout;
            brokerClosed = await connection.WaitForBrokerCloseAsync(patience, cancellationToken);
        }
        finally
        {
            await connection.DisposeAsync();
            context.Stats.RecordDisconnect(context.Plan.Profile, brokerClosed ? EmqxReasonNames.KeepaliveTimeout : EmqxReasonNames.TcpClosed);
        }

        if (!brokerClosed)
        {
            throw new DeviceException("the broker kept a silent connection open past 1.5 × keepalive");
        }
    }
}
