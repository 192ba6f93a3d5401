using MQTTnet;

namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// Completes when an MQTTnet client that was connected loses its connection, for whatever reason.
/// Attach before connecting; read it only while the device itself has not yet disconnected.
/// </summary>
internal sealed class DisconnectWatch
{
    private readonly TaskCompletionSource<MqttClientDisconnectedEventArgs> _disconnected =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DisconnectWatch(IMqttClient client)
    {
        client.DisconnectedAsync += args =>
        {
            // A refused or failed connect also raises the event; only the end of a live connection counts.
            if (args.ClientWasConnected)
            {
                _disconnected.TrySetResult(args);
            }

            return Task.CompletedTask;
        };
    }

    public Task<MqttClientDisconnectedEventArgs> Disconnected => _disconnected.Task;

    public bool HasFired => _disconnected.Task.IsCompleted;

    public static DisconnectWatch Attach(IMqttClient client) => new(client);

    /// <summary>True when the connection ended within <paramref name="timeout"/>; false when the time ran out.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, stopWaiting.Token);
        var first = await Task.WhenAny(_disconnected.Task, delay);
        await stopWaiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return first == _disconnected.Task;
    }

    /// <summary>Waits until the connection ends, however long that takes.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _disconnected.Task.WaitAsync(cancellationToken);
}
