namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// The loop every profile shares: wait for the staggered start, then run session after session until
/// cancelled. A failed session is counted and followed by a growing, capped pause, so a broker outage
/// does not turn a few hundred devices into a reconnect storm.
/// </summary>
internal abstract class Device(DeviceContext context)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected DeviceContext Context { get; } = context;

    protected DevicePlan Plan => Context.Plan;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int failuresInARow = 0;
        try
        {
            await Context.DelayAsync(Plan.StartDelay, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await RunSessionAsync(cancellationToken);
                    failuresInARow = 0;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
                {
                    Context.Stats.RecordError(Plan.Profile, $"{Plan.ClientId}: {ex.Message}");
                    failuresInARow++;
                    var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, failuresInARow - 1)));
                    await Context.DelayAsync(Context.Jitter(backoff), cancellationToken);
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal way out, whatever a library made of the cancellation (MQTTnet may wrap it).
        }
        finally
        {
            await StopAsync();
        }
    }

    /// <summary>One connection's life and the pause after it. Cleans up what it opened, also when cancelled.</summary>
    protected abstract Task RunSessionAsync(CancellationToken cancellationToken);

    /// <summary>Releases anything kept across sessions (only the reconnect loop keeps connections open between them).</summary>
    protected virtual Task StopAsync() => Task.CompletedTask;
}
