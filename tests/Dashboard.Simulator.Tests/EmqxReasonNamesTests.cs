using System.Reflection;
using Dashboard.Core.Reasons;
using Dashboard.Simulator.Fleet;

namespace Dashboard.Simulator.Tests;

/// <summary>The simulator names reasons on its own (it does not reference Core); the catalogue must know each one.</summary>
public sealed class EmqxReasonNamesTests
{
    [Fact]
    public void Every_reason_the_simulator_writes_is_known_to_the_catalogue()
    {
        var names = typeof(EmqxReasonNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(8, names.Count);
        Assert.All(names, name => Assert.True(ReasonCatalog.Describe(name).Known, name));
    }

    [Fact]
    public void The_conflict_devices_reasons_are_replacements_and_the_flaky_ones_transport()
    {
        Assert.True(ReasonCatalog.IsReplacement(EmqxReasonNames.TakenOver));
        Assert.True(ReasonCatalog.IsReplacement(EmqxReasonNames.Discarded));
        Assert.True(ReasonCatalog.IsTransport(EmqxReasonNames.TcpClosed));
        Assert.True(ReasonCatalog.IsTransport(EmqxReasonNames.KeepaliveTimeout));
        Assert.Equal(ReasonCategory.Graceful, ReasonCatalog.Describe(EmqxReasonNames.Normal).Category);
    }
}
