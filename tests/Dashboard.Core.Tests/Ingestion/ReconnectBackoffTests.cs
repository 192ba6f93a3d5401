using Dashboard.Core.Ingestion;

namespace Dashboard.Core.Tests.Ingestion;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Doubles_up_to_the_cap_and_resets()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        var delays = Enumerable.Range(0, 5).Select(_ => backoff.NextDelay().TotalSeconds).ToArray();
        Assert.Equal([1, 2, 4, 5, 5], delays);

        backoff.Reset();
        Assert.Equal(1, backoff.NextDelay().TotalSeconds);
    }

    [Fact]
    public void Many_failures_do_not_overflow()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        for (var i = 0; i < 1000; i++)
        {
            backoff.NextDelay();
        }

        Assert.Equal(30, backoff.NextDelay().TotalSeconds);
    }
}
