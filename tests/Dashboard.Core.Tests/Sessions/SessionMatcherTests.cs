using Dashboard.Core.Sessions;

namespace Dashboard.Core.Tests.Sessions;

public sealed class SessionMatcherTests
{
    [Theory]
    [MemberData(nameof(SessionCases.Endings), MemberType = typeof(SessionCases))]
    public void Decides_which_session_a_disconnect_ends(string name, SessionCase session, EndingCase ending, bool ends)
    {
        Assert.True(ends == SessionMatcher.EndsSession(session.Facts, ending.Facts), name);
    }

    [Theory]
    [MemberData(nameof(SessionCases.Connects), MemberType = typeof(SessionCases))]
    public void Decides_what_a_connect_is_to_the_open_session(string name, SessionCase open, SessionCase connect, ConnectMatch expected)
    {
        Assert.Equal(expected, SessionMatcher.CompareConnect(open.Facts, connect.Facts));
        Assert.NotNull(name);
    }

    [Theory]
    [InlineData("10.0.0.1", 1, "10.0.0.1", 1, PeerMatch.SameIpAndPort)]
    [InlineData("10.0.0.1", 1, "10.0.0.1", 2, PeerMatch.Different)]
    [InlineData("10.0.0.1", null, "10.0.0.1", 2, PeerMatch.SameIp)]
    [InlineData("10.0.0.1", 1, "10.0.0.2", 1, PeerMatch.Different)]
    [InlineData(null, 1, "10.0.0.2", 1, PeerMatch.Unknown)]
    [InlineData("fe80::A", 1, "fe80::a", 1, PeerMatch.SameIpAndPort)]
    [InlineData("fe80::a", null, null, null, PeerMatch.Unknown)]
    public void Compares_peers_ignoring_the_case_of_ipv6_hex(string? ipA, int? portA, string? ipB, int? portB, PeerMatch expected)
    {
        Assert.Equal(expected, SessionMatcher.ComparePeers(ipA, portA, ipB, portB));
        Assert.Equal(expected, SessionMatcher.ComparePeers(ipB, portB, ipA, portA));
    }

    [Fact]
    public void Of_several_open_sessions_the_named_one_ends_before_any_that_fit_by_peer()
    {
        var sessions = new[]
        {
            Open(1_000, exact: true, "10.0.0.1", 1),
            Open(2_000, exact: false, "10.0.0.2", 2),
        };

        var ended = SessionMatcher.FindEnded(sessions, s => s.Facts, new EndingFacts(5_000, 1_000, "10.0.0.2", 2, IsReplacement: false));

        Assert.Same(sessions[0], ended);
    }

    [Fact]
    public void Of_several_open_sessions_the_same_ip_and_port_wins_over_the_newest()
    {
        var sessions = new[]
        {
            Open(1_000, exact: true, "10.0.0.1", 1),
            Open(2_000, exact: true, "10.0.0.1", 2),
        };

        var ended = SessionMatcher.FindEnded(sessions, s => s.Facts, new EndingFacts(5_000, null, "10.0.0.1", 1, IsReplacement: false));

        Assert.Same(sessions[0], ended);
    }

    [Fact]
    public void A_takeover_without_peer_or_connected_at_never_ends_the_connection_that_replaced_it()
    {
        var sessions = new[]
        {
            Open(1_000, exact: true, null, null),
            Open(2_000, exact: true, null, null),
        };

        var takeover = new EndingFacts(5_000, null, null, null, IsReplacement: true);
        var normal = takeover with { IsReplacement = false };

        Assert.Same(sessions[0], SessionMatcher.FindEnded(sessions, s => s.Facts, takeover));
        Assert.Same(sessions[1], SessionMatcher.FindEnded(sessions, s => s.Facts, normal));
    }

    [Fact]
    public void Ended_sessions_are_passed_over_and_a_disconnect_that_fits_none_finds_nothing()
    {
        var sessions = new[]
        {
            new Holder(new SessionFacts(1_000, true, false, "10.0.0.1", 1, Ended: true)),
            Open(2_000, exact: true, "10.0.0.2", 2),
        };

        Assert.Null(SessionMatcher.FindEnded(sessions, s => s.Facts, new EndingFacts(5_000, null, "10.0.0.1", 1, IsReplacement: false)));
    }

    [Theory]
    [InlineData(5_000L, null, "10.0.0.1", true)]
    [InlineData(5_000L, 1_000L, "10.0.0.1", true)]
    [InlineData(5_000L, 1_001L, "10.0.0.1", false)]
    [InlineData(5_001L, null, "10.0.0.1", false)]
    [InlineData(5_000L, null, "10.0.0.2", false)]
    [InlineData(5_000L, null, null, true)]
    public void An_ending_seen_again_is_a_repeat(long atMs, long? connectedAtMs, string? ip, bool repeat)
    {
        var ended = new SessionFacts(1_000, true, false, "10.0.0.1", 1, Ended: true);

        Assert.Equal(repeat, SessionMatcher.RepeatsEnding(ended, 5_000, new EndingFacts(atMs, connectedAtMs, ip, null, IsReplacement: false)));
    }

    [Theory]
    [InlineData(1_000L, true, ConnectMatch.Stale)]
    [InlineData(900L, true, ConnectMatch.Stale)]
    [InlineData(1_001L, true, ConnectMatch.NewSession)]
    [InlineData(4_000L, false, ConnectMatch.Stale)]
    [InlineData(5_000L, false, ConnectMatch.NewSession)]
    public void A_connect_after_an_ending_is_new_only_when_it_is_later(long startMs, bool exact, ConnectMatch expected)
    {
        // The session began at 1 s (exactly) and ended at 5 s. Named exactly, any later start is a new
        // session even if it is stamped before the ending (two nodes' clocks); otherwise time decides.
        var ended = new SessionFacts(1_000, true, false, "10.0.0.1", 1, Ended: true);
        var connect = new SessionFacts(startMs, exact, false, "10.0.0.1", 2);

        Assert.Equal(expected, SessionMatcher.CompareConnectAfterEnding(ended, 5_000, connect));
    }

    private static Holder Open(long startMs, bool exact, string? ip, int? port) => new(new SessionFacts(startMs, exact, false, ip, port));

    private sealed record Holder(SessionFacts Facts);
}
