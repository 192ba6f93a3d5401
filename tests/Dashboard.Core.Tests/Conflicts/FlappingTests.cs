using Dashboard.Core.Conflicts;
using Dashboard.Core.Events;
using static Dashboard.Core.Tests.Conflicts.ConflictEvents;

namespace Dashboard.Core.Tests.Conflicts;

public sealed class FlappingTests
{
    /// <summary>Sessions that each last <paramref name="length"/> seconds, one every 60 s, ending with the given reasons.</summary>
    private static IEnumerable<ConnectionEvent> ShortSessions(string clientId, double length, params string[] reasons)
    {
        for (int i = 0; i < reasons.Length; i++)
        {
            double start = i * 60;
            yield return Connect(clientId, start, "10.1.2.3", 30000 + i);
            yield return Disconnect(clientId, start + length, start, reasons[i], "10.1.2.3", 30000 + i);
        }
    }

    [Fact]
    public void Five_short_sessions_ending_in_transport_errors_open_flapping()
    {
        var h = new DetectorHarness();
        h.Apply(ShortSessions("cam-1", 12, "tcp_closed", "keepalive_timeout", "ssl_closed", "econnreset", "tcp_closed"));

        var finding = Assert.Single(h.Active);
        Assert.Equal(FindingKind.Flapping, finding.Kind);
        Assert.Equal("flapping", finding.KindName);
        Assert.Equal(5, finding.Count);
        Assert.Equal(At(12), finding.FirstSeen);
        Assert.Equal(At(252), finding.LastSeen);
        Assert.All(finding.Evidence, ev => Assert.Null(ev.ReplacedByPeer));
        Assert.Contains("keepalive", finding.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void Four_short_sessions_do_not_open_flapping()
    {
        var h = new DetectorHarness();
        h.Apply(ShortSessions("cam-1", 12, "tcp_closed", "tcp_closed", "tcp_closed", "tcp_closed"));

        Assert.Empty(h.Active);
    }

    [Fact]
    public void Sessions_of_the_short_session_length_or_longer_do_not_count()
    {
        var h = new DetectorHarness();
        h.Apply(ShortSessions("cam-1", 60, "tcp_closed", "tcp_closed", "tcp_closed", "tcp_closed", "tcp_closed"));

        Assert.Empty(h.Active);
    }

    [Fact]
    public void Clean_disconnects_and_takeovers_are_not_flapping()
    {
        var h = new DetectorHarness();
        h.Apply(ShortSessions("cam-1", 12, "tcp_closed", "normal", "tcp_closed", "tcp_closed", "kicked", "tcp_closed"));

        Assert.Empty(h.Active);
    }

    [Fact]
    public void Flapping_spread_over_more_than_the_window_does_not_open()
    {
        var options = new ConflictOptions { Window = TimeSpan.FromMinutes(4) };
        var h = new DetectorHarness(options);

        // Endings at 12, 72, 132, 192, 252 s: the first is exactly 240 s (W) before the last.
        h.Apply(ShortSessions("cam-1", 12, "tcp_closed", "tcp_closed", "tcp_closed", "tcp_closed", "tcp_closed"));

        Assert.Empty(h.Active);
    }

    /// <summary>
    /// Before the catalogue, the detector's own list lacked <c>tls_alert</c> (the timeline's had it) and
    /// the timeline's lacked <c>econnrefused</c>; both now count, as the union of the two lists.
    /// </summary>
    [Fact]
    public void Tls_alerts_and_refused_connections_count_as_transport_endings()
    {
        var h = new DetectorHarness();
        h.Apply(ShortSessions("cam-1", 12, "tls_alert", "tls_alert", "econnrefused", "tls_alert", "econnrefused"));

        var finding = Assert.Single(h.Active);
        Assert.Equal(FindingKind.Flapping, finding.Kind);
        Assert.Equal(5, finding.Count);
    }

    [Fact]
    public void Transport_reasons_are_configurable()
    {
        var h = new DetectorHarness(new ConflictOptions { TransportReasons = ["radio_lost"] });
        h.Apply(ShortSessions("cam-1", 12, "radio_lost", "radio_lost", "radio_lost", "radio_lost", "tcp_closed", "radio_lost"));

        Assert.Equal(5, Assert.Single(h.Active).Count);
    }
}
