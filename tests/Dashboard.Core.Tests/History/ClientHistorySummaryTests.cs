using Dashboard.Core.History;
using static Dashboard.Core.Tests.History.StoredEvents;

namespace Dashboard.Core.Tests.History;

public sealed class ClientHistorySummaryTests
{
    private static readonly DateTimeOffset From = At(0);
    private static readonly DateTimeOffset To = At(60);

    private static ClientHistorySummary Summarise(DateTimeOffset now, params StoredEvent[] events)
    {
        var history = NewestFirst(events);
        var sessions = SessionTimeline.Build(history, From, To, now);
        return ClientHistorySummary.Build(sessions, history, From, To, now);
    }

    [Fact]
    public void Counts_peers_ports_usernames_disconnects_uptime_and_mean_length()
    {
        var summary = Summarise(
            now: To,
            Connect(0, "10.0.0.1", 40001, "alice"), Disconnect(10, "tcp_closed", 0, "10.0.0.1", 40001, "alice"),
            Connect(20, "10.0.0.1", 40002, "alice"), Disconnect(30, "keepalive_timeout", 20, "10.0.0.1", 40002, "alice"),
            Connect(40, "2001:db8::7", 50000, "bob"), Disconnect(55, "normal", 40, "2001:db8::7", 50000, "bob"));

        Assert.Equal(3, summary.SessionCount);
        Assert.Equal(3, summary.DisconnectCount);
        Assert.Equal(TimeSpan.FromMinutes(35), summary.OnlineTime);
        Assert.Equal(100.0 * 35 / 60, summary.UptimePercent!.Value, precision: 6);
        Assert.Equal(TimeSpan.FromMinutes(35.0 / 3).TotalSeconds, summary.MeanSessionLength!.Value.TotalSeconds, precision: 3);

        Assert.Equal(2, summary.Peers.Count);
        var v6 = summary.Peers[0];
        Assert.Equal(("2001:db8::7", 1, At(40), At(55)), (v6.PeerIp, v6.SessionCount, v6.FirstSeen, v6.LastSeen));
        Assert.Equal([50000], v6.Ports);
        var v4 = summary.Peers[1];
        Assert.Equal(("10.0.0.1", 2, At(0), At(30)), (v4.PeerIp, v4.SessionCount, v4.FirstSeen, v4.LastSeen));
        Assert.Equal([40001, 40002], v4.Ports);

        Assert.Equal(["bob", "alice"], summary.Usernames.Select(u => u.Username));
        Assert.Equal(2, summary.Usernames[1].SessionCount);
    }

    [Fact]
    public void Uptime_runs_to_now_for_an_open_session_and_counts_a_takeover_overlap_once()
    {
        // 30 minutes into the hour: online from minute 0, taken over at 10 (the old disconnect
        // stamped 6 s after the new connect), still online now.
        var summary = Summarise(
            now: At(30),
            Connect(0, port: 1), Connect(10, port: 2), Disconnect(10.1, "takenover", 0, port: 1));

        Assert.Equal(TimeSpan.FromMinutes(30), summary.RangeLength);
        Assert.Equal(TimeSpan.FromMinutes(30), summary.OnlineTime);
        Assert.Equal(100.0, summary.UptimePercent);
        Assert.Equal(1, summary.DisconnectCount);
        Assert.Equal(TimeSpan.FromMinutes(10.1), summary.MeanSessionLength);
        Assert.Equal([1, 2], Assert.Single(summary.Peers).Ports);
        Assert.Equal(At(30), summary.Peers[0].LastSeen);
    }

    [Fact]
    public void Duplicated_disconnects_count_once_and_a_clipped_session_counts_only_inside_the_range()
    {
        var disconnect = Disconnect(15, "normal", connectedMinutes: -45);

        var summary = Summarise(now: To, disconnect, disconnect, AsSys(disconnect));

        Assert.Equal(1, summary.DisconnectCount);
        Assert.Equal(TimeSpan.FromMinutes(15), summary.OnlineTime);
        Assert.Equal(TimeSpan.FromMinutes(60), summary.MeanSessionLength);
    }

    [Fact]
    public void An_empty_history_has_zero_uptime_and_no_mean()
    {
        var summary = Summarise(now: To);

        Assert.Equal(0, summary.SessionCount);
        Assert.Equal(0.0, summary.UptimePercent);
        Assert.Null(summary.MeanSessionLength);
        Assert.Empty(summary.Peers);
        Assert.Empty(summary.Usernames);
    }
}
