using Dashboard.Core.Events;
using Dashboard.Core.Live;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Core.Tests.Live;

public sealed class OnlineClientsTests
{
    private readonly OnlineClients _clients = new(maxOfflineClients: 1000, offlineRetention: TimeSpan.FromHours(1));

    [Fact]
    public void Connect_then_its_disconnect_goes_online_then_offline()
    {
        Assert.Equal(ProjectionOutcome.WentOnline, _clients.Apply(Connected("a", 100)));
        Assert.Equal(1, _clients.OnlineCount);

        Assert.Equal(ProjectionOutcome.WentOffline, _clients.Apply(Disconnected("a", 500, 100, "normal")));

        var a = _clients.Get("a")!;
        Assert.False(a.Online);
        Assert.Equal("normal", a.LastReason);
        Assert.Equal(At(500), a.DisconnectedAt);
        Assert.Equal(0, _clients.OnlineCount);
    }

    [Fact]
    public void Takeover_disconnect_arriving_after_the_new_connect_keeps_the_client_online()
    {
        _clients.Apply(Connected("gw", 100, "10.20.5.17", 41230));
        _clients.Apply(Connected("gw", 900, "10.20.5.17", 41298));

        var outcome = _clients.Apply(Disconnected("gw", 899, 100, "takenover", "10.20.5.17", 41230));

        Assert.Equal(ProjectionOutcome.Recorded, outcome);
        var gw = _clients.Get("gw")!;
        Assert.True(gw.Online);
        Assert.Equal(41298, gw.PeerPort);
        Assert.Equal(At(900), gw.ConnectedAt);
        Assert.Equal("takenover", gw.LastReason);
        Assert.Equal(1, _clients.OnlineCount);
    }

    [Theory]
    [InlineData("takenover")]
    [InlineData("discarded")]
    public void Replaced_session_disconnect_arriving_before_the_new_connect_never_marks_offline(string reason)
    {
        _clients.Apply(Connected("gw", 100, "10.0.0.1", 1000));

        _clients.Apply(Disconnected("gw", 900, 100, reason, "10.0.0.1", 1000));
        Assert.True(_clients.Get("gw")!.Online);

        Assert.Equal(ProjectionOutcome.SessionReplaced, _clients.Apply(Connected("gw", 901, "10.0.0.2", 2000)));
        var gw = _clients.Get("gw")!;
        Assert.True(gw.Online);
        Assert.Equal("10.0.0.2", gw.PeerIp);
        Assert.Equal(1, _clients.OnlineCount);
    }

    [Fact]
    public void Stale_terminal_disconnect_of_an_old_session_does_not_end_the_new_one()
    {
        // Flapping over one IP: the old socket's tcp_closed arrives after the new connect.
        _clients.Apply(Connected("s", 100, "10.0.0.1", 1000));
        _clients.Apply(Connected("s", 300, "10.0.0.1", 1001));

        Assert.Equal(ProjectionOutcome.Stale, _clients.Apply(Disconnected("s", 250, 100, "tcp_closed", "10.0.0.1", 1000)));

        Assert.True(_clients.Get("s")!.Online);
    }

    [Fact]
    public void Disconnect_without_connected_at_is_matched_by_peer_port()
    {
        _clients.Apply(Connected("s", 100, "10.0.0.1", 1000));
        _clients.Apply(Connected("s", 300, "10.0.0.1", 1001));

        Assert.Equal(ProjectionOutcome.Stale, _clients.Apply(Disconnected("s", 400, connectedAtMs: null, "tcp_closed", "10.0.0.1", 1000)));
        Assert.True(_clients.Get("s")!.Online);

        Assert.Equal(ProjectionOutcome.WentOffline, _clients.Apply(Disconnected("s", 500, connectedAtMs: null, "tcp_closed", "10.0.0.1", 1001)));
        Assert.False(_clients.Get("s")!.Online);
    }

    [Fact]
    public void Minimal_disconnect_is_matched_by_time()
    {
        _clients.Apply(Connected("m", 1000));

        Assert.Equal(ProjectionOutcome.Stale, _clients.Apply(MinimalDisconnected("m", 999, "normal")));
        Assert.True(_clients.Get("m")!.Online);

        Assert.Equal(ProjectionOutcome.WentOffline, _clients.Apply(MinimalDisconnected("m", 1000, "normal")));
        Assert.False(_clients.Get("m")!.Online);
    }

    [Fact]
    public void Disconnect_from_the_same_peer_stamped_before_the_session_began_is_stale()
    {
        // Issue 12: a disconnect from the same IP and port used to end the session whatever its time;
        // it is an earlier connection that had the same port (a connection's two events come from one node).
        _clients.Apply(Connected("a", 1_000, "10.0.0.1", 50000));

        Assert.Equal(ProjectionOutcome.Stale, _clients.Apply(Disconnected("a", 900, null, "tcp_closed", "10.0.0.1", 50000)));
        Assert.True(_clients.Get("a")!.Online);
    }

    [Fact]
    public void Connect_at_the_same_millisecond_from_another_ip_is_another_connection()
    {
        // Issue 12: it used to be merged into the session held, as if the same connection.
        _clients.Apply(Connected("a", 1_000, "10.0.0.1", 50000));

        Assert.Equal(ProjectionOutcome.SessionReplaced, _clients.Apply(Connected("a", 1_000, "10.0.0.9", 50000)));
        Assert.Equal("10.0.0.9", _clients.Get("a")!.PeerIp);
        Assert.Equal(1, _clients.OnlineCount);
    }

    [Fact]
    public void Disconnect_for_a_client_never_seen_records_it_offline()
    {
        Assert.Equal(ProjectionOutcome.Recorded, _clients.Apply(Disconnected("ghost", 500, 100, "keepalive_timeout")));

        var ghost = _clients.Get("ghost")!;
        Assert.False(ghost.Online);
        Assert.Equal("keepalive_timeout", ghost.LastReason);
        Assert.Equal(0, _clients.OnlineCount);
        Assert.Equal(1, _clients.KnownCount);
    }

    [Fact]
    public void Connect_arriving_after_its_own_disconnect_leaves_the_client_offline()
    {
        _clients.Apply(Disconnected("late", 500, 100, "normal"));

        Assert.Equal(ProjectionOutcome.Stale, _clients.Apply(Connected("late", 100)));

        Assert.False(_clients.Get("late")!.Online);
        Assert.Equal(0, _clients.OnlineCount);
    }

    [Fact]
    public void Connect_arriving_after_its_minimal_disconnect_leaves_the_client_offline()
    {
        _clients.Apply(MinimalDisconnected("late", 500, "normal"));

        Assert.Equal(ProjectionOutcome.Stale, _clients.Apply(Connected("late", 100)));
        Assert.False(_clients.Get("late")!.Online);
    }

    [Fact]
    public void Reconnect_after_going_offline_is_online_again()
    {
        _clients.Apply(Connected("r", 100));
        _clients.Apply(Disconnected("r", 200, 100, "keepalive_timeout"));

        Assert.Equal(ProjectionOutcome.WentOnline, _clients.Apply(Connected("r", 300, port: 50001)));

        var r = _clients.Get("r")!;
        Assert.True(r.Online);
        Assert.Equal(50001, r.PeerPort);
        Assert.Equal("keepalive_timeout", r.LastReason);
    }

    [Fact]
    public void Reconnect_on_a_node_whose_clock_is_slightly_behind_still_counts_when_the_ending_named_its_session()
    {
        _clients.Apply(Connected("n", 100));
        _clients.Apply(Disconnected("n", 1000, 100, "tcp_closed"));

        // Stamped 5 ms "before" the disconnect by another node's clock, but a later session than 100.
        Assert.Equal(ProjectionOutcome.WentOnline, _clients.Apply(Connected("n", 995)));
    }

    [Fact]
    public void An_older_connect_for_an_online_client_is_stale()
    {
        _clients.Apply(Connected("o", 500, port: 2));

        Assert.Equal(ProjectionOutcome.Stale, _clients.Apply(Connected("o", 100, port: 1)));

        Assert.Equal(2, _clients.Get("o")!.PeerPort);
    }

    [Fact]
    public void Sys_and_rule_events_for_the_same_connection_merge_into_one_session()
    {
        // $SYS carries the IP without port and no node in its payload.
        var sys = Connected("dual", 100, "172.18.0.1", port: null) with { Source = EventSourceKind.Sys, Node = null };
        var rule = Connected("dual", 100, "172.18.0.1", 53122);

        Assert.Equal(ProjectionOutcome.WentOnline, _clients.Apply(sys));
        Assert.Equal(ProjectionOutcome.Merged, _clients.Apply(rule));

        var dual = _clients.Get("dual")!;
        Assert.Equal(53122, dual.PeerPort);
        Assert.Equal("emqx@172.18.0.2", dual.Node);
        Assert.Equal(1, _clients.OnlineCount);
    }

    [Fact]
    public void Sys_disconnect_with_ip_only_ends_the_session_it_belongs_to()
    {
        _clients.Apply(Connected("s", 100, "172.18.0.1", 53122));
        var sysDisconnect = Disconnected("s", 500, connectedAtMs: null, "normal", "172.18.0.1", port: null);

        Assert.Equal(ProjectionOutcome.WentOffline, _clients.Apply(sysDisconnect));
    }

    [Fact]
    public void Evicts_offline_clients_over_the_count_limit_oldest_first_and_never_online_ones()
    {
        var clients = new OnlineClients(maxOfflineClients: 2, offlineRetention: TimeSpan.FromDays(1));
        clients.Apply(Connected("online", 1));
        for (var i = 0; i < 5; i++)
        {
            clients.Apply(Disconnected($"off{i}", 100 + i, 10, "normal"));
        }

        Assert.Equal(3, clients.EvictOffline(At(200)));

        Assert.Null(clients.Get("off0"));
        Assert.Null(clients.Get("off2"));
        Assert.NotNull(clients.Get("off3"));
        Assert.NotNull(clients.Get("off4"));
        Assert.True(clients.Get("online")!.Online);
    }

    [Fact]
    public void Evicts_offline_clients_past_retention_but_not_one_that_came_back()
    {
        var clients = new OnlineClients(maxOfflineClients: 100, offlineRetention: TimeSpan.FromSeconds(10));
        clients.Apply(Connected("back", 1));
        clients.Apply(Disconnected("back", 100, 1, "normal"));
        clients.Apply(Connected("back", 200));
        clients.Apply(Disconnected("gone", 100, 1, "normal"));

        Assert.Equal(1, clients.EvictOffline(At(60_000)));

        Assert.Null(clients.Get("gone"));
        Assert.True(clients.Get("back")!.Online);
    }

    [Fact]
    public void Client_ids_with_slashes_spaces_percent_and_unicode_are_kept_exactly()
    {
        const string id = "Gerät/Küche 100%";
        _clients.Apply(Connected(id, 100));

        Assert.Equal(id, _clients.Get(id)!.ClientId);
        Assert.Null(_clients.Get("Gerät"));
    }
}
