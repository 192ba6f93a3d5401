using Dashboard.Core.History;
using static Dashboard.Core.Tests.History.StoredEvents;

namespace Dashboard.Core.Tests.History;

public sealed class SessionTimelineTests
{
    private static readonly DateTimeOffset From = At(0);
    private static readonly DateTimeOffset To = At(60);

    private static IReadOnlyList<ClientSession> Build(params StoredEvent[] events) =>
        SessionTimeline.Build(NewestFirst(events), From, To, now: To);

    [Fact]
    public void A_connect_and_its_disconnect_make_one_session_with_its_details()
    {
        var sessions = Build(Connect(5, "10.0.0.7", 41000, "bob", "emqx@node2"), Disconnect(20, "normal", 5, "10.0.0.7", 41000, "bob", "emqx@node2"));

        var session = Assert.Single(sessions);
        Assert.Equal(At(5), session.Start);
        Assert.Equal(At(5), session.ConnectedAt);
        Assert.Equal(At(20), session.End);
        Assert.Equal(At(20), session.Until);
        Assert.Equal("normal", session.Reason);
        Assert.Equal("normal", session.Ending);
        Assert.Equal(("10.0.0.7", 41000, "bob", "emqx@node2"), (session.PeerIp, session.PeerPort, session.Username, session.Node));
        Assert.Equal(TimeSpan.FromMinutes(15), session.Duration);
        Assert.False(session.StartClipped);
        Assert.False(session.IsOpen);
        Assert.Null(session.ReplacedBy);
    }

    [Fact]
    public void Takeover_whose_disconnect_is_stamped_after_the_new_connect_ends_the_old_session_by_connected_at()
    {
        // Another device (other IP) takes the client ID at minute 10; the old session's disconnect
        // is stamped a moment later, and the store returns it first (newest first).
        var sessions = Build(
            Connect(2, "10.0.0.1", 50000, "alice", "emqx@node1"),
            Connect(10, "10.0.0.2", 50001, "mallory", "emqx@node2"),
            Disconnect(10.001, "takenover", 2, "10.0.0.1", 50000, "alice", "emqx@node1"));

        Assert.Equal(2, sessions.Count);
        var (old, replacement) = (sessions[0], sessions[1]);
        Assert.Equal((At(2), At(10.001), "takenover"), (old.Start, old.End!.Value, old.Ending));
        Assert.True(old.WasReplaced);
        Assert.Equal(new SessionParty(At(10), "10.0.0.2", 50001, "mallory", "emqx@node2"), old.ReplacedBy);
        Assert.True(replacement.IsOpen);
        Assert.Equal(SessionTimeline.Open, replacement.Ending);
        Assert.Equal(To, replacement.Until);
    }

    [Fact]
    public void Takeover_without_connected_at_is_matched_by_peer_port()
    {
        // Same device, reconnecting from a new port while its old connection is still alive (EMQX before 5.8.6).
        var sessions = Build(
            Connect(2, port: 50000),
            Connect(10, port: 50001),
            Disconnect(10.001, "takenover", port: 50000));

        Assert.Equal(["takenover", SessionTimeline.Open], sessions.Select(s => s.Ending));
        Assert.Equal(50000, sessions[0].PeerPort);
        Assert.Equal(50001, sessions[0].ReplacedBy!.PeerPort);
    }

    [Fact]
    public void Takeover_seen_without_ports_never_ends_the_connection_that_replaced_it()
    {
        // $SYS messages carry the IP only: peer and time both point at the newest session, but a
        // takeover's disconnect belongs to the one it replaced.
        var sessions = Build(
            Connect(2, port: null),
            Connect(10, port: null),
            Disconnect(10.001, "takenover", port: null));

        Assert.Equal(["takenover", SessionTimeline.Open], sessions.Select(s => s.Ending));
        Assert.Equal(At(2), sessions[0].Start);
    }

    [Fact]
    public void Discard_between_two_devices_is_matched_by_ip()
    {
        var sessions = Build(
            Connect(1, "192.168.1.10", port: null),
            Connect(3, "192.168.1.20", port: null),
            Disconnect(3.001, "discarded", ip: "192.168.1.10", port: null),
            Disconnect(4, "tcp_closed", ip: "192.168.1.20", port: null));

        Assert.Equal(["discarded", "tcp_closed"], sessions.Select(s => s.Ending));
        Assert.Equal("192.168.1.10", sessions[0].PeerIp);
        Assert.Equal("192.168.1.20", sessions[0].ReplacedBy!.PeerIp);
        Assert.Equal(At(4), sessions[1].End);
    }

    [Fact]
    public void IPv6_peers_match_regardless_of_case()
    {
        var sessions = Build(
            Connect(1, "2001:db8::1", 50000),
            Disconnect(2, "keepalive_timeout", ip: "2001:DB8::1", port: 50000));

        var session = Assert.Single(sessions);
        Assert.Equal("keepalive_timeout", session.Ending);
        Assert.Equal("2001:db8::1", session.PeerIp);
    }

    [Fact]
    public void A_session_open_at_the_end_of_the_range_has_no_end_and_runs_until_now()
    {
        var sessions = SessionTimeline.Build(NewestFirst(Connect(50)), From, To, now: At(55));

        var session = Assert.Single(sessions);
        Assert.Null(session.End);
        Assert.True(session.IsOpen);
        Assert.Equal(SessionTimeline.Open, session.Ending);
        Assert.Equal(At(55), session.Until);
        Assert.Null(session.Duration);
    }

    [Fact]
    public void Arrival_order_does_not_matter()
    {
        StoredEvent[] events =
        [
            Connect(1, port: 1), Disconnect(5, "tcp_closed", port: 1),
            Connect(6, port: 2), Connect(9, port: 3), Disconnect(9.01, "takenover", port: 2),
            Disconnect(20, "keepalive_timeout", port: 3), Connect(30, port: 4),
        ];
        var expected = Describe(Build(events));

        foreach (var seed in new[] { 1, 2, 3, 4, 5 })
        {
            var random = new Random(seed);
            StoredEvent[] shuffled = [.. events.OrderBy(_ => random.Next())];
            Assert.Equal(expected, Describe(SessionTimeline.Build(shuffled, From, To, To)));
        }

        Assert.Equal(
            ["01:tcp_closed:1", "06:takenover:2", "09:keepalive_timeout:3", "30:open:4"],
            expected);
    }

    [Fact]
    public void Duplicates_and_a_sys_copy_without_port_count_once_and_fill_each_other_in()
    {
        var connect = Changed(Connect(1, port: 50000), c => c with { Node = null });
        var disconnect = Disconnect(2, "normal", 1, port: 50000);

        var sessions = Build(connect, connect, Changed(AsSys(connect), c => c with { Node = "emqx@node9" }), disconnect, disconnect, AsSys(disconnect));

        var session = Assert.Single(sessions);
        Assert.Equal(50000, session.PeerPort);
        Assert.Equal("emqx@node9", session.Node);
        Assert.Equal("normal", session.Ending);
    }

    [Fact]
    public void A_session_that_began_before_the_range_is_clipped_but_keeps_its_true_length()
    {
        var sessions = Build(Disconnect(10, "normal", connectedMinutes: -30));

        var session = Assert.Single(sessions);
        Assert.Equal(From, session.Start);
        Assert.Equal(At(-30), session.ConnectedAt);
        Assert.True(session.StartClipped);
        Assert.Equal(TimeSpan.FromMinutes(40), session.Duration);
    }

    [Fact]
    public void A_disconnect_without_a_connect_starts_at_the_range_start_or_after_the_session_before_it()
    {
        var sessions = Build(
            Disconnect(10, "tcp_closed"),
            Connect(15, port: 1),
            Disconnect(20, "normal", port: 1),
            Disconnect(40, "kicked", port: 2));

        Assert.Equal(3, sessions.Count);
        Assert.Equal((From, At(10), true), (sessions[0].Start, sessions[0].End!.Value, sessions[0].StartClipped));
        Assert.Null(sessions[0].ConnectedAt);
        Assert.Equal((At(20), At(40), "kicked"), (sessions[2].Start, sessions[2].End!.Value, sessions[2].Ending));
        Assert.True(sessions[2].StartClipped);
        Assert.Null(sessions[2].Duration);
    }

    [Fact]
    public void A_session_followed_by_another_connect_without_a_disconnect_is_superseded()
    {
        var sessions = Build(Connect(1, port: 1), Connect(7, port: 2));

        Assert.Equal([SessionTimeline.Superseded, SessionTimeline.Open], sessions.Select(s => s.Ending));
        Assert.Equal(At(7), sessions[0].End);
        Assert.Null(sessions[0].Reason);
        Assert.Equal(2, sessions[0].ReplacedBy!.PeerPort);
        Assert.True(sessions[0].WasReplaced);
    }

    [Fact]
    public void A_disconnect_without_a_reason_says_disconnected()
    {
        var sessions = Build(Connect(1), Disconnect(2, reason: null));

        Assert.Equal(SessionTimeline.NoReason, Assert.Single(sessions).Ending);
    }

    [Fact]
    public void A_takeover_replacement_far_later_is_not_linked()
    {
        var sessions = Build(Connect(1, port: 1), Disconnect(2, "takenover", 1, port: 1), Connect(10, port: 2));

        Assert.Null(sessions[0].ReplacedBy);
    }

    [Fact]
    public void Events_outside_the_range_are_ignored_and_an_empty_history_has_no_sessions()
    {
        Assert.Empty(Build(Connect(-5), Disconnect(-4, "normal", -5), Connect(61)));
        Assert.Empty(SessionTimeline.Build([], From, To, To));
    }

    [Fact]
    public void A_connect_reported_twice_with_the_same_connected_at_is_one_session()
    {
        // The rule event and the $SYS message of one connection, stamped in the same millisecond.
        var sessions = Build(Connect(1, port: null), Changed(Connect(1, port: 50000), c => c with { Source = Dashboard.Core.Events.EventSourceKind.Webhook }));

        Assert.Equal(50000, Assert.Single(sessions).PeerPort);
    }

    [Fact]
    public void A_disconnect_naming_a_start_just_before_a_connect_that_carried_only_its_timestamp_ends_that_session()
    {
        // Issue 12: the timeline took the disconnect's connected_at as naming a session it did not
        // have, and left the real one open. A connect's timestamp is not the broker's connected_at, so
        // as in live state, the peer and the time decide.
        var connect = Changed(Connect(5), c => c with { ConnectedAt = null, EventTime = At(5).AddMilliseconds(3) });

        var sessions = Build(connect, Disconnect(20, "normal", connectedMinutes: 5));

        var session = Assert.Single(sessions);
        Assert.Equal(At(20), session.End);
        Assert.Equal("normal", session.Ending);
    }

    private static string[] Describe(IReadOnlyList<ClientSession> sessions) =>
        sessions.Select(s => $"{s.Start.Minute:00}:{s.Ending}:{s.PeerPort}").ToArray();
}
