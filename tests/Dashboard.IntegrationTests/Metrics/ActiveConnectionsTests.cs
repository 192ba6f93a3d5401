using Dashboard.Metrics;

namespace Dashboard.Tests.Integration.Metrics;

/// <summary>
/// The circuit count as Blazor drives it: a handler per circuit, opened then closed. (A real
/// circuit needs a browser; the hub count is tested over a real connection in <see cref="MetricsTests"/>.)
/// </summary>
public sealed class ActiveConnectionsTests
{
    [Fact]
    public async Task Circuits_are_counted_from_open_to_close()
    {
        var connections = new ActiveConnections();
        var first = new ActiveConnections.CircuitCounter(connections);
        var second = new ActiveConnections.CircuitCounter(connections);

        await first.OnCircuitOpenedAsync(null!, CancellationToken.None);
        await second.OnCircuitOpenedAsync(null!, CancellationToken.None);
        Assert.Equal(2, connections.Circuits);

        await first.OnCircuitClosedAsync(null!, CancellationToken.None);
        Assert.Equal(1, connections.Circuits);
        Assert.Equal(0, connections.HubConnections);
    }
}
