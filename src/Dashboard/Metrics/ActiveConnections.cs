using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dashboard.Metrics;

/// <summary>Open Blazor circuits and live-hub connections, counted where they open and close.</summary>
public sealed class ActiveConnections
{
    private long _circuits;
    private long _hubConnections;

    public long Circuits => Interlocked.Read(ref _circuits);

    public long HubConnections => Interlocked.Read(ref _hubConnections);

    public void HubConnected() => Interlocked.Increment(ref _hubConnections);

    public void HubDisconnected() => Interlocked.Decrement(ref _hubConnections);

    /// <summary>One per circuit (circuit handlers are scoped to it); tells the shared count.</summary>
    internal sealed class CircuitCounter(ActiveConnections connections) : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref connections._circuits);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref connections._circuits);
            return Task.CompletedTask;
        }
    }
}
