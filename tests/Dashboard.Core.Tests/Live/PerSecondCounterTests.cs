using Dashboard.Core.Live;

namespace Dashboard.Core.Tests.Live;

public sealed class PerSecondCounterTests
{
    [Fact]
    public void Slots_are_reset_when_the_ring_wraps()
    {
        var counter = new PerSecondCounter(windowSeconds: 3);
        counter.Add(100, 100, 5);
        counter.Add(103, 103, 2);

        Assert.Equal(2, counter.Sum(103, 3));
        Assert.Equal(0, counter.Sum(106, 3));
    }

    [Fact]
    public void Ignores_future_and_too_old_seconds()
    {
        var counter = new PerSecondCounter(windowSeconds: 10);
        counter.Add(101, 100);
        counter.Add(90, 100);
        counter.Add(95, 100);

        Assert.Equal(1, counter.Sum(100, 10));
        Assert.Equal(0, counter.Sum(100, 5));
    }
}
