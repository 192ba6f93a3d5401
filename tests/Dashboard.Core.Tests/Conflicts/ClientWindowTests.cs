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
}
