namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// A device that loses its connection: raw-socket CONNECT, a while online, then the socket is reset
/// (zero linger) without any DISCONNECT. The broker sees the TCP connection die: <c>tcp_closed</c>
/// (<c>ssl_closed</c> over TLS).
/// </summary>
internal sealed class FlakyDevice(DeviceContext context) : Device(context)
{
    protected override async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        var connection = await Context.ConnectRawAsync(cancellationToken);
        try
        {
            await Context.DelayAsync(RawSessions.Length(Context), cancellationToken);
        }
        finally
        {
            // Also on shutdown: the connection ends the same way, and is counted once.
            await connection.DisposeAsync();
            Context.Stats.RecordDisconnect(Plan.Profile, EmqxReasonNames.TcpClosed);
        }

        await Context.DelayAsync(Context.Jitter(Context.Options.MeanOfflineTime), cancellationToken);
    }
}
