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

        // Online, pinging, until the moment; then dark, as a device without power or network is.
        var connection = await Context.ConnectRawAsync(cancellationToken);
        await RawSessions.FallSilentAsync(Context, connection, () => StayOnlineUntilAsync(connection, schedule.NextStart(now), cancellationToken), cancellationToken);
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
