using Dashboard.Core.Conflicts;
using Dashboard.Core.Events;
using Dashboard.Tests.Shared;

namespace Dashboard.Core.Tests.Conflicts;

/// <summary>Detector scenarios built from <see cref="TestEvents"/>, at seconds after <see cref="TestEvents.T0"/>.</summary>
internal static class ConflictEvents
{
    public static DateTimeOffset At(double seconds) => TestEvents.T0.AddSeconds(seconds);

    public static ConnectionEvent Connect(string clientId, double at, string ip, int? port, string username = "device", string node = "emqx@node1") =>
        TestEvents.Connected(clientId, At(at), ip, port, username) with { Node = node };

    public static ConnectionEvent Disconnect(string clientId, double at, double? connectedAt, string reason, string ip, int? port,
        string username = "device", string node = "emqx@node1") =>
        TestEvents.Disconnected(clientId, At(at), connectedAt is { } c ? At(c) : null, reason, ip, port) with { Username = username, Node = node };

    /// <summary>
    /// Session i connects from peers[i] at start + i*step; from the second on, each connect takes the
    /// previous session over, so peers.Count sessions give peers.Count - 1 takenover endings. The ending
    /// is sent before or after the connect that caused it: EMQX does not promise either order.
    /// </summary>
    public static List<ConnectionEvent> Takeovers(string clientId, IReadOnlyList<(string Ip, int Port)> peers, double start, double step,
        bool endingFirst, string reason = "takenover")
    {
        var events = new List<ConnectionEvent>();
        for (int i = 0; i < peers.Count; i++)
        {
            double at = start + (i * step);
            var connect = Connect(clientId, at, peers[i].Ip, peers[i].Port);
            if (i == 0)
            {
                events.Add(connect);
                continue;
            }

            var previous = peers[i - 1];
            var ending = Disconnect(clientId, at, start + ((i - 1) * step), reason, previous.Ip, previous.Port);
            events.AddRange(endingFirst ? [ending, connect] : [connect, ending]);
        }

        return events;
    }

    /// <summary>Two devices with one client ID: 10.0.0.2 and 10.0.0.3 alternating, each with its own port.</summary>
    public static List<(string Ip, int Port)> Alternating(int sessions) =>
        [.. Enumerable.Range(0, sessions).Select(i => i % 2 == 0 ? ("10.0.0.2", 40000 + i) : ("10.0.0.3", 40000 + i))];

    /// <summary>One device reconnecting from one IP with a new source port each time: 50001, 50002, ...</summary>
    public static List<(string Ip, int Port)> NewPorts(int sessions, string ip = "192.168.1.20") =>
        [.. Enumerable.Range(1, sessions).Select(i => (ip, 50000 + i))];
}

/// <summary>A detector plus the changes it raised.</summary>
internal sealed class DetectorHarness
{
    public DetectorHarness(ConflictOptions? options = null)
    {
        Detector = new ConflictDetector(options ?? new ConflictOptions());
        Detector.FindingChanged += Changes.Add;
        Detector.IncidentChanged += IncidentChanges.Add;
    }

    public ConflictDetector Detector { get; }

    public List<FindingChange> Changes { get; } = [];

    public List<IncidentChange> IncidentChanges { get; } = [];

    /// <summary>Applies events with the detector's clock at each event's time, as a live pipeline would.</summary>
    public void Apply(IEnumerable<ConnectionEvent> events)
    {
        foreach (var e in events)
        {
            Detector.Apply(e, e.ReceivedAt);
        }
    }

    public void Apply(ConnectionEvent e, DateTimeOffset? now = null) => Detector.Apply(e, now ?? e.ReceivedAt);

    public IReadOnlyList<Finding> Active => Detector.GetFindings(FindingState.Active);

    public List<FindingChange> ChangesOf(ChangeKind kind) => [.. Changes.Where(c => c.Change == kind)];
}
