using Dashboard.Core.Conflicts;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Sessions;

namespace Dashboard.Core.Tests.Sessions;

/// <summary>
/// The Clients list, the drill-down timeline and the Conflicts page each fed the matcher's table
/// through their own API: their outcome must be the matcher's, row by row.
/// </summary>
public sealed class ConsumersAgreeTests
{
    [Theory]
    [MemberData(nameof(SessionCases.Endings), MemberType = typeof(SessionCases))]
    public void Online_clients_end_the_session_the_matcher_names(string name, SessionCase session, EndingCase ending, bool ends)
    {
        var clients = new OnlineClients(1_000, TimeSpan.FromHours(1));
        Assert.Equal(ProjectionOutcome.WentOnline, clients.Apply(session.ToEvent()));

        var outcome = clients.Apply(ending.ToEvent());

        Assert.True((ends ? ProjectionOutcome.WentOffline : ProjectionOutcome.Stale) == outcome, $"{name}: {outcome}");
        Assert.Equal(!ends, clients.Get(SessionCases.ClientId)!.Online);
    }

    [Theory]
    [MemberData(nameof(SessionCases.EndingsHistoryCanTell), MemberType = typeof(SessionCases))]
    public void Session_timeline_ends_the_session_the_matcher_names(string name, SessionCase session, EndingCase ending, bool ends)
    {
        var sessions = SessionCases.Timeline(session, ending.ToStored(2));

        var fromConnect = Assert.Single(sessions, s => s.ConnectedAt == SessionCases.At(session.StartMs));
        Assert.True(ends == (fromConnect.End == SessionCases.At(ending.AtMs)), $"{name}: ended {fromConnect.End}");
    }

    [Theory]
    [MemberData(nameof(SessionCases.Endings), MemberType = typeof(SessionCases))]
    public void Conflict_window_ends_the_session_the_matcher_names(string name, SessionCase session, EndingCase ending, bool ends)
    {
        var window = new ClientWindow(SessionCases.ClientId, capacity: 8);
        window.ApplyConnect(session.ToEvent());
        var tracked = Assert.Single(window.Sessions);

        var ended = window.ApplyDisconnect(ending.ToEvent());

        Assert.True(ends == ReferenceEquals(tracked, ended), name);
        Assert.Equal(ends, tracked.Ended);
    }

    [Theory]
    [MemberData(nameof(SessionCases.Connects), MemberType = typeof(SessionCases))]
    public void Online_clients_treat_a_connect_as_the_matcher_does(string name, SessionCase open, SessionCase connect, ConnectMatch expected)
    {
        var clients = new OnlineClients(1_000, TimeSpan.FromHours(1));
        clients.Apply(open.ToEvent());

        var outcome = clients.Apply(connect.ToEvent());

        var want = expected switch
        {
            ConnectMatch.Repeat => ProjectionOutcome.Merged,
            ConnectMatch.Stale => ProjectionOutcome.Stale,
            _ => ProjectionOutcome.SessionReplaced,
        };
        Assert.True(want == outcome, $"{name}: {outcome}");
    }

    [Theory]
    [MemberData(nameof(SessionCases.Connects), MemberType = typeof(SessionCases))]
    public void Session_timeline_merges_only_the_connects_the_matcher_calls_repeats(string name, SessionCase open, SessionCase connect, ConnectMatch expected)
    {
        var sessions = SessionCases.Timeline(open, connect.ToStored(2));

        Assert.True((expected == ConnectMatch.Repeat ? 1 : 2) == sessions.Count, $"{name}: {sessions.Count} sessions");
    }

    [Theory]
    [MemberData(nameof(SessionCases.Connects), MemberType = typeof(SessionCases))]
    public void Conflict_window_merges_only_the_connects_the_matcher_calls_repeats(string name, SessionCase open, SessionCase connect, ConnectMatch expected)
    {
        var window = new ClientWindow(SessionCases.ClientId, capacity: 8);
        window.ApplyConnect(open.ToEvent());

        window.ApplyConnect(connect.ToEvent());

        Assert.True((expected == ConnectMatch.Repeat ? 1 : 2) == window.Sessions.Count, $"{name}: {window.Sessions.Count} sessions");
    }
}
