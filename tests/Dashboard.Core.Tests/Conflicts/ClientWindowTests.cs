using Dashboard.Core.Conflicts;
using static Dashboard.Core.Tests.Conflicts.ConflictEvents;

namespace Dashboard.Core.Tests.Conflicts;

public sealed class ClientWindowTests
{
    [Fact]
    public void Keeps_only_the_newest_sessions()
    {
        var window = new ClientWindow("c", capacity: 4);
        for (int i = 0; i < 10; i++)
        {
            window.ApplyConnect(Connect("c", i * 10, "10.0.0.1", 1000 + i));
        }

        Assert.Equal(4, window.Sessions.Count);
        Assert.Equal([1006, 1007, 1008, 1009], window.Sessions.Select(s => s.PeerPort!.Value));
    }

    [Fact]
    public void An_ending_older_than_a_full_window_is_ignored()
    {
        var window = new ClientWindow("c", capacity: 4);
        for (int i = 0; i < 4; i++)
        {
            window.ApplyConnect(Connect("c", 100 + (i * 10), "10.0.0.1", 1000 + i));
        }

        Assert.Null(window.ApplyDisconnect(Disconnect("c", 20, 10, "takenover", "10.0.0.9", 999)));
        Assert.Equal(4, window.Sessions.Count);
    }

    [Fact]
    public void An_ending_before_its_connect_is_merged_when_the_connect_arrives()
    {
        var window = new ClientWindow("c", capacity: 4);
        var ended = window.ApplyDisconnect(Disconnect("c", 50, 10, "tcp_closed", "10.0.0.1", 1000));
        window.ApplyConnect(Connect("c", 10, "10.0.0.1", 1000, node: "emqx@node2"));

        var session = Assert.Single(window.Sessions);
        Assert.Same(ended, session);
        Assert.Equal(TimeSpan.FromSeconds(40), session.Duration);
        Assert.Equal("emqx@node1", session.Node);
    }

    [Fact]
    public void A_second_ending_for_an_ended_session_is_a_repeat()
    {
        var window = new ClientWindow("c", capacity: 4);
        window.ApplyConnect(Connect("c", 10, "10.0.0.1", 1000));

        Assert.NotNull(window.ApplyDisconnect(Disconnect("c", 50, 10, "takenover", "10.0.0.1", 1000)));
        Assert.Null(window.ApplyDisconnect(Disconnect("c", 51, 10, "takenover", "10.0.0.1", 1000)));
        Assert.Null(window.ApplyDisconnect(Disconnect("c", 50, null, "takenover", "10.0.0.1", null)));
    }

    [Fact]
    public void An_ipv6_peer_written_in_upper_case_ends_its_session()
    {
        // Issue 12: the window compared IPs ordinally; an older OTP prints IPv6 hex in upper case.
        var window = new ClientWindow("c", capacity: 4);
        window.ApplyConnect(Connect("c", 10, "2400:3200:1600::ab12", 1000));

        var ended = window.ApplyDisconnect(Disconnect("c", 50, null, "tcp_closed", "2400:3200:1600::AB12", 1000));

        Assert.Same(Assert.Single(window.Sessions), ended);
    }

    [Fact]
    public void A_takeover_ending_without_connected_at_or_peer_ends_the_older_session_not_its_replacement()
    {
        // Issue 12: the window ended the newest open session, which is the connection that took over.
        var window = new ClientWindow("c", capacity: 4);
        window.ApplyConnect(Connect("c", 10, "10.0.0.1", 1000));
        window.ApplyConnect(Connect("c", 20, "10.0.0.2", 2000));
        var minimal = Disconnect("c", 21, null, "takenover", "10.0.0.1", null) with { PeerIp = null };

        var ended = window.ApplyDisconnect(minimal);

        Assert.Same(window.Sessions[0], ended);
        Assert.False(window.Sessions[1].Ended);
    }

    [Fact]
    public void A_session_whose_start_was_clamped_is_ended_by_the_next_disconnect()
    {
        // Issue 12: the window matched the clamped start against the disconnect's connected_at and never found it.
        var window = new ClientWindow("c", capacity: 4);
        window.ApplyConnect(Connect("c", 100, "10.0.0.1", 1000) with { TimeClamped = true });

        var ended = window.ApplyDisconnect(Disconnect("c", 50, 10, "tcp_closed", "10.0.0.1", 1000));

        Assert.Same(Assert.Single(window.Sessions), ended);
    }
}
