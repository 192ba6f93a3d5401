using System.Text;
using Dashboard.Core.Events;
using Dashboard.Core.Live;

namespace Dashboard.Core.Tests.Live;

/// <summary>
/// Events whose times were clamped (too far in the future) go through the real parser into the
/// projection: a forged year-9999 connect must not pin a client online or make real events stale.
/// </summary>
public sealed class ClampedTimeTests
{
    private const long Year9999 = 253402300799000;
    private static readonly DateTimeOffset Now = new(2025, 6, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly EmqxEventParser _parser = new();
    private readonly OnlineClients _clients = new(maxOfflineClients: 1000, offlineRetention: TimeSpan.FromHours(1));

    [Theory]
    [InlineData(-2_000)]
    [InlineData(0)]
    [InlineData(2_000)]
    public void A_year_9999_connect_then_a_real_connect_and_normal_disconnect_ends_offline(long realConnectOffsetMs)
    {
        // The forged connect arrives first; the real connect may be stamped before or after its arrival.
        long realConnect = Now.ToUnixTimeMilliseconds() + realConnectOffsetMs;
        Apply(Connect("fut", Year9999, "203.0.113.9:1"), Now);
        Assert.True(_clients.Get("fut")!.Online);
        Assert.Equal(Now, _clients.Get("fut")!.ConnectedAt);

        Apply(Connect("fut", realConnect, "10.0.0.7:40000"), Now.AddSeconds(3));
        var outcome = Apply(Disconnect("fut", realConnect + 10_000, realConnect, "normal", "10.0.0.7:40000"), Now.AddSeconds(13));

        Assert.Equal(ProjectionOutcome.WentOffline, outcome);
        var fut = _clients.Get("fut")!;
        Assert.False(fut.Online);
        Assert.Equal("normal", fut.LastReason);
        Assert.Equal(0, _clients.OnlineCount);

        // Later real events are not stale.
        long later = realConnect + 60_000;
        Assert.Equal(ProjectionOutcome.WentOnline, Apply(Connect("fut", later, "10.0.0.7:40001"), Now.AddMinutes(1)));
        Assert.Equal(ProjectionOutcome.WentOffline, Apply(Disconnect("fut", later + 5_000, later, "keepalive_timeout", "10.0.0.7:40001"), Now.AddMinutes(1)));
    }

    [Fact]
    public void A_forged_connect_over_a_real_session_is_ended_by_the_real_sessions_disconnect()
    {
        long real = Now.ToUnixTimeMilliseconds() - 60_000;
        Apply(Connect("c", real, "10.0.0.7:40000"), Now.AddMinutes(-1));
        Apply(Connect("c", Year9999, "203.0.113.9:1"), Now);

        var outcome = Apply(Disconnect("c", real + 70_000, real, "normal", "10.0.0.7:40000"), Now.AddSeconds(10));

        Assert.Equal(ProjectionOutcome.WentOffline, outcome);
        Assert.False(_clients.Get("c")!.Online);
    }

    [Fact]
    public void A_broker_clock_ten_minutes_ahead_still_ends_its_sessions()
    {
        // Every time the node stamps is ten minutes ahead; the disconnect's connected_at, stamped
        // ten minutes ago in our time, is no longer in the future and so is not clamped.
        long skew = 10 * 60_000;
        long connectedAt = Now.ToUnixTimeMilliseconds() + skew;
        Apply(Connect("s", connectedAt, "10.0.0.8:1"), Now);
        Assert.True(_clients.Get("s")!.Online);

        var outcome = Apply(Disconnect("s", connectedAt + (20 * 60_000), connectedAt, "normal", "10.0.0.8:1"), Now.AddMinutes(20));

        Assert.Equal(ProjectionOutcome.WentOffline, outcome);
    }

    [Fact]
    public void A_real_connect_at_the_same_ms_as_the_clamped_one_makes_the_session_exact()
    {
        Apply(Connect("m", Year9999, "10.0.0.9:1"), Now);
        Assert.Equal(ProjectionOutcome.Merged, Apply(Connect("m", Now.ToUnixTimeMilliseconds(), "10.0.0.9:1"), Now.AddSeconds(1)));

        // Exact again: a disconnect of some other session no longer ends it.
        Assert.Equal(ProjectionOutcome.Stale, Apply(Disconnect("m", Now.ToUnixTimeMilliseconds() + 5_000, Now.ToUnixTimeMilliseconds() - 99_000, "normal", "10.0.0.9:1"), Now.AddSeconds(5)));
        Assert.True(_clients.Get("m")!.Online);
    }

    private ProjectionOutcome Apply(string json, DateTimeOffset receivedAt)
    {
        var result = _parser.Parse(Encoding.UTF8.GetBytes(json), null, EventSourceKind.Webhook, receivedAt);
        Assert.True(result.IsSuccess, result.Failure?.Error);
        return _clients.Apply(result.Event!);
    }

    private static string Connect(string clientId, long connectedAt, string peer) =>
        $$"""{"event":"client.connected","clientid":"{{clientId}}","connected_at":{{connectedAt}},"peername":"{{peer}}"}""";

    private static string Disconnect(string clientId, long disconnectedAt, long connectedAt, string reason, string peer) =>
        $$"""{"event":"client.disconnected","clientid":"{{clientId}}","disconnected_at":{{disconnectedAt}},"connected_at":{{connectedAt}},"reason":"{{reason}}","peername":"{{peer}}"}""";
}
