using Dashboard.Simulator.Fleet;

namespace Dashboard.Simulator.Tests;

public sealed class SourceAddressProbeTests
{
    [Fact]
    public void The_default_loopback_aliases_can_be_bound_on_linux()
    {
        Assert.True(SourceAddressProbe.CanBindAll(new FleetOptions().SourceAddresses, out string? problem), problem);
    }

    [Fact]
    public void An_address_of_no_local_interface_cannot()
    {
        // 192.0.2.0/24 is TEST-NET-1: documentation only, never assigned to a machine.
        Assert.False(SourceAddressProbe.CanBindAll(["127.0.0.2", "192.0.2.1"], out string? problem));
        Assert.Contains("192.0.2.1", problem, StringComparison.Ordinal);
    }
}
