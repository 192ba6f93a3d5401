using MQTTnet;

namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// A device whose connection logic forgets its live connection: every few seconds it opens a new one
/// with the same client ID (clean start false) from the same IP, on a new source port. The old client
/// object stays open, never disconnected, until the broker closes it: <c>takenover</c> each time.
/// </summary>
internal sealed class ReconnectLoopDevice(DeviceContext context) : Device(context)
{
    // Oldest first. Normally one live connection plus, briefly, the one the broker is taking over.
    private readonly List<(IMqttClient Client, DisconnectWatch Watch)> _open = [];

    protected override async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        var client = DeviceContext.CreateClient();
        var watch = DisconnectWatch.Attach(client);
        bool accepted;
        try
        {
            accepted = await Context.ConnectAsync(client, Context.ClientOptions(Context.Password), cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        if (!accepted)
        {
            client.Dispose();
            throw new DeviceException("the broker refused the connection");
        }

        _open.Add((client, watch));
        await Context.DelayAsync(Context.Jitter(Context.Options.ReconnectLoopInterval), cancellationToken);
        ReleaseTakenOver();
    }

    protected override async Task StopAsync()
    {
        ReleaseTakenOver();
        foreach (var (client, _) in _open)
        {
            await Context.DisconnectCleanlyAsync(client);
            client.Dispose();
        }

        _open.Clear();
    }

    /// <summary>Counts and disposes the connections the broker has closed; complains about any it forgot.</summary>
    private void ReleaseTakenOver()
    {
        for (int i = _open.Count - 1; i >= 0; i--)
        {
            var (client, watch) = _open[i];
            if (watch.HasFired)
            {
                Context.Stats.RecordDisconnect(Plan.Profile, EmqxReasonNames.TakenOver);
                client.Dispose();
                _open.RemoveAt(i);
            }
        }

        // By the time the next interval is up the broker has long closed the older connection.
        while (_open.Count > 1)
        {
            Context.Stats.RecordError(Plan.Profile, $"{Context.ClientId}: the broker did not take over the older connection");
            _open[0].Client.Dispose();
            _open.RemoveAt(0);
        }
    }
}
