using Dashboard.Core.Conflicts;
using Dashboard.Core.Events;
using Dashboard.Tests.Shared;
using static Dashboard.Core.Tests.Conflicts.ConflictEvents;

namespace Dashboard.Core.Tests.Conflicts;

/// <summary>The incident rules over refused connects: auth bursts from an address or a network, and fleet-wide jumps in one code.</summary>
public sealed class RefusalIncidentTests
{
    /// <summary>A refused CONNECT as EMQX reports it in client_connack, at seconds after T0.</summary>
    internal static AccessEvent Connack(string clientId, double at, string code = "bad_username_or_password", string ip = "203.0.113.9", int port = 50000) =>
        TestAccessEvents.Refused(clientId, 0, code, ip) with { EventTime = At(at), ReceivedAt = At(at), PeerPort = port };

    /// <summary>The failed check_authn_complete EMQX sends just before the refused connack of the same CONNECT.</summary>
    internal static AccessEvent Authn(string clientId, double at, string code = "bad_username_or_password", string ip = "203.0.113.9", int port = 50000) =>
        TestAccessEvents.AuthnFailed(clientId, 0, code, ip) with { EventTime = At(at), ReceivedAt = At(at), PeerPort = port };

    private static void Apply(ConflictDetector detector, IEnumerable<AccessEvent> events)
    {
        foreach (var e in events)
        {
            detector.ApplyAccess(e, e.ReceivedAt);
        }
    }

    private static IEnumerable<AccessEvent> Attempts(int count, Func<int, AccessEvent> attempt) => Enumerable.Range(0, count).Select(attempt);

    private static List<Incident> Active(ConflictDetector detector, IncidentKind kind) =>
        [.. detector.GetIncidents(FindingState.Active).Where(i => i.Kind == kind)];

    /// <summary>Case name to (events, the scope of the one auth burst expected or null for none); the name alone is the test's argument.</summary>
    private static readonly Dictionary<string, (Func<AccessEvent[]> Events, string? Scope)> AuthCases = new()
    {
        // The threshold (10) of refused connects from one address, from different client IDs, within the minute.
        ["ten from one IP"] = (() => [.. Attempts(10, i => Connack($"dev-{i}", i * 5, port: 40000 + i))], "203.0.113.9"),
        ["nine from one IP"] = (() => [.. Attempts(9, i => Connack($"dev-{i}", i * 5, port: 40000 + i))], null),
        ["ten from one IP, too slowly"] = (() => [.. Attempts(10, i => Connack($"dev-{i}", i * 7, port: 40000 + i))], null),
        ["one client guessing"] = (() => [.. Attempts(10, i => Connack("guess", i, "not_authorized", port: 40000 + i))], "203.0.113.9"),
        ["banned counts"] = (() => [.. Attempts(10, i => Connack("banned-1", i, "banned", port: 40000 + i))], "203.0.113.9"),
        ["rate limits do not"] = (() => [.. Attempts(10, i => Connack($"dev-{i}", i, "connection_rate_exceeded", port: 40000 + i))], null),
        ["server_busy does not"] = (() => [.. Attempts(10, i => Connack($"dev-{i}", i, "server_busy", port: 40000 + i))], null),
        ["ten from one /24 across IPs"] = (() => [.. Attempts(10, i => Connack($"dev-{i}", i, ip: $"198.51.100.{i + 1}"))], "198.51.100.0/24"),
        ["ten from one /48 across IPs"] = (() => [.. Attempts(10, i => Connack($"dev-{i}", i, ip: $"2001:db8:7::{i + 1}"))], "2001:db8:7::/48"),
        ["ten from ten networks"] = (() => [.. Attempts(10, i => Connack($"dev-{i}", i, ip: $"198.51.{i}.1"))], null),
        ["connack and authn pairs count once"] = (() => [.. Enumerable.Range(0, 9).SelectMany(i => new[] { Authn($"dev-{i}", i, port: 40000 + i), Connack($"dev-{i}", i + 0.002, port: 40000 + i) })], null),
        ["an event delivered twice counts once"] = (() => [.. Attempts(9, i => Connack($"dev-{i}", i, port: 40000 + i)).SelectMany(e => new[] { e, e })], null),
        ["successes are ignored"] = (() => [.. Attempts(30, i => Connack($"dev-{i}", i, "success", port: 40000 + i))], null),
        ["authorization denials are ignored"] = (() => [.. Attempts(30, i => TestAccessEvents.Denied($"dev-{i}", i * 100, "cmd/1", ip: "203.0.113.9"))], null),
    };

    public static TheoryData<string> AuthBursts => [.. AuthCases.Keys];

    [Theory]
    [MemberData(nameof(AuthBursts))]
    public void Auth_bursts(string name)
    {
        var (events, expectedScope) = AuthCases[name];
        var detector = new ConflictDetector(new ConflictOptions());
        Apply(detector, events());

        var bursts = Active(detector, IncidentKind.AuthFailureBurst);
        Assert.True(expectedScope is null ? bursts.Count == 0 : bursts.Count == 1, $"{name}: {string.Join(", ", bursts.Select(b => b.Scope))}");
        if (expectedScope is not null)
        {
            Assert.Equal(expectedScope, bursts[0].Scope);
            Assert.Equal(10, bursts[0].Count);
            Assert.Equal(FindingTexts.Title(IncidentKind.AuthFailureBurst), FindingTexts.Title(bursts[0].Kind));
        }
    }

    [Fact]
    public void A_network_burst_names_its_addresses_and_is_keyed_apart_from_one_address()
    {
        var detector = new ConflictDetector(new ConflictOptions());
        Apply(detector, Attempts(10, i => Connack($"dev-{i}", i, ip: $"198.51.100.{(i % 3) + 1}")));

        var burst = Assert.Single(detector.GetIncidents(FindingState.Active));
        Assert.Equal(("198.51.100.0/24", null), (burst.SourceNetwork, burst.SourceIp));
        Assert.Equal(["198.51.100.1", "198.51.100.2", "198.51.100.3"], burst.SourceIps);
        Assert.Equal("bad_username_or_password", burst.Reason);
        Assert.Contains("Several addresses of one network", burst.Meaning, StringComparison.Ordinal);
        Assert.Equal("auth-failure-burst 198.51.100.0/24", FindingKeys.Describe(burst));
        Assert.NotEqual(FindingKeys.Of(burst), FindingKeys.Of(burst with { SourceNetwork = null, SourceIp = "198.51.100.1" }));
    }

    [Fact]
    public void A_second_address_joining_makes_it_the_networks_incident_and_the_address_incident_resolves()
    {
        var h = new DetectorHarness();
        Apply(h.Detector, Attempts(10, i => Connack($"dev-{i}", i, ip: "198.51.100.5", port: 40000 + i)));
        Assert.Equal("198.51.100.5", Assert.Single(h.Detector.GetIncidents(FindingState.Active)).SourceIp);

        Apply(h.Detector, [Connack("neighbour", 11, ip: "198.51.100.6"), Connack("neighbour", 12, ip: "198.51.100.6", port: 50001)]);

        var network = Assert.Single(h.Detector.GetIncidents(FindingState.Active));
        Assert.Equal("198.51.100.0/24", network.SourceNetwork);
        Assert.Equal(12, network.Count);
        var superseded = Assert.Single(h.Detector.GetIncidents(FindingState.Resolved));
        Assert.Equal("198.51.100.5", superseded.SourceIp);
        Assert.Equal(At(11), superseded.ResolvedAt);
        Assert.Equal(
            ["Opened 198.51.100.5", "Opened 198.51.100.0/24", "Resolved 198.51.100.5", "Updated 198.51.100.0/24"],
            h.IncidentChanges.Where(c => c.Change != ChangeKind.Updated || c.Incident.SourceNetwork is not null).Select(c => $"{c.Change} {c.Incident.Scope}"));
    }

    [Fact]
    public void Not_authorized_endings_and_refused_connects_from_one_address_add_up()
    {
        var detector = new ConflictDetector(new ConflictOptions());
        for (int i = 0; i < 5; i++)
        {
            detector.Apply(Disconnect($"old-{i}", i, null, "not_authorized", "203.0.113.9", 41000 + i), At(i));
        }

        Apply(detector, Attempts(5, i => Connack($"new-{i}", 5 + i, port: 42000 + i)));

        var burst = Assert.Single(detector.GetIncidents(FindingState.Active));
        Assert.Equal(10, burst.Count);
        Assert.Equal(5, burst.ByReason["not_authorized"]);
        Assert.Equal(5, burst.ByReason["bad_username_or_password"]);
    }

    [Fact]
    public void Connack_and_authn_pairs_count_one_attempt_whichever_arrives_first()
    {
        var detector = new ConflictDetector(new ConflictOptions());
        Apply(detector, Enumerable.Range(0, 10).SelectMany(i => i % 2 == 0
            ? new[] { Authn($"dev-{i}", i, port: 40000 + i), Connack($"dev-{i}", i + 0.002, port: 40000 + i) }
            : [Connack($"dev-{i}", i + 0.002, port: 40000 + i), Authn($"dev-{i}", i, port: 40000 + i)]));

        Assert.Equal(10, Assert.Single(Active(detector, IncidentKind.AuthFailureBurst)).Count);
    }

    /// <summary>A credentials rotation: <paramref name="clients"/> devices, each from its own network, refused once every second.</summary>
    private static IEnumerable<AccessEvent> Rotation(int clients, double spacing = 1, string code = "bad_username_or_password") =>
        Attempts(clients, i => Connack($"sensor-{i:D4}", i * spacing, code, ip: $"10.{i / 250}.{i % 250}.7"));

    /// <summary>Case name to (events, the count of the one refused-connections incident expected or null for none).</summary>
    private static readonly Dictionary<string, (Func<AccessEvent[]> Events, int? Count)> FleetCases = new()
    {
        ["51 clients, one code"] = (() => [.. Rotation(51)], 51),
        ["50 clients (the threshold) do not"] = (() => [.. Rotation(50)], null),
        ["51 clients spread wider than the window"] = (() => [.. Rotation(51, spacing: 2.4)], null),
        ["400 clients after a rotation"] = (() => [.. Rotation(400, spacing: 0.25)], 400),
        ["server_busy across the fleet"] = (() => [.. Rotation(60, code: "server_busy")], 60),
        ["one client repeating"] = (() => [.. Attempts(200, i => Connack("stuck", i * 0.5, port: 40000 + i))], null),
        ["two codes do not add up"] = (() => [.. Rotation(30), .. Rotation(30, code: "not_authorized").Select(e => e with { ClientId = "x" + e.ClientId })], null),
        ["pairs count each client once"] = (() => [.. Rotation(51).SelectMany(e => new[] { e with { Kind = AccessEventKind.Authentication }, e with { EventTime = e.EventTime.AddMilliseconds(2) } })], 51),
    };

    public static TheoryData<string> FleetJumps => [.. FleetCases.Keys];

    [Theory]
    [MemberData(nameof(FleetJumps))]
    public void Fleet_wide_jumps_in_one_code(string name)
    {
        var (build, expectedCount) = FleetCases[name];
        var events = build();
        var detector = new ConflictDetector(new ConflictOptions());
        Apply(detector, events);

        var refused = Active(detector, IncidentKind.RefusedConnections);
        Assert.True(expectedCount is null ? refused.Count == 0 : refused.Count == 1, $"{name}: {refused.Count} incidents");
        if (expectedCount is { } count)
        {
            Assert.Equal(count, refused[0].Count);
            Assert.Equal(events[0].ReasonCode, refused[0].Reason);
            Assert.Equal(At(0), refused[0].FirstSeen);
            Assert.Equal(count, refused[0].ByNetwork.Values.Sum());
        }
    }

    [Fact]
    public void A_refused_connections_incident_explains_its_code_and_is_keyed_by_it()
    {
        var detector = new ConflictDetector(new ConflictOptions());
        Apply(detector, Rotation(51));

        var incident = Assert.Single(Active(detector, IncidentKind.RefusedConnections));
        var code = Dashboard.Core.Reasons.ReasonCatalog.DescribeRefusal("bad_username_or_password");
        Assert.Contains(code.Explanation, incident.Meaning, StringComparison.Ordinal);
        Assert.Contains(code.Advice, incident.Advice, StringComparison.Ordinal);
        Assert.Equal("refused-connections", incident.KindName);
        Assert.Equal("refused-connections bad_username_or_password", FindingKeys.Describe(incident));
        Assert.NotEqual(FindingKeys.Of(incident), FindingKeys.Of(incident with { Kind = IncidentKind.MassDisconnect }));
        Assert.Equal(16, incident.ClientIds.Count);
    }

    [Fact]
    public void Refused_and_auth_incidents_resolve_when_quiet()
    {
        var h = new DetectorHarness();
        Apply(h.Detector, Rotation(51));
        Apply(h.Detector, Attempts(10, i => Connack("guess", 60 + i, "not_authorized", port: 40000 + i)));
        Assert.Equal(2, h.Detector.GetIncidents(FindingState.Active).Count);

        // The auth burst's window is a minute, the refused connections' two.
        h.Detector.Tick(At(69 + 59));
        Assert.Equal(2, h.Detector.GetIncidents(FindingState.Active).Count);
        h.Detector.Tick(At(69 + 60));
        Assert.Equal(IncidentKind.RefusedConnections, Assert.Single(h.Detector.GetIncidents(FindingState.Active)).Kind);
        h.Detector.Tick(At(50 + 120));
        Assert.Empty(h.Detector.GetIncidents(FindingState.Active));
        Assert.Equal(
            ["Opened RefusedConnections", "Opened AuthFailureBurst", "Resolved AuthFailureBurst", "Resolved RefusedConnections"],
            h.IncidentChanges.Where(c => c.Change != ChangeKind.Updated).Select(c => $"{c.Change} {c.Incident.Kind}"));
    }

    [Fact]
    public void Incident_opened_is_raised_once_per_incident()
    {
        var detector = new ConflictDetector(new ConflictOptions());
        var opened = new List<Incident>();
        detector.IncidentOpened += opened.Add;
        Apply(detector, Rotation(120));

        Assert.Equal(IncidentKind.RefusedConnections, Assert.Single(opened).Kind);
        Assert.Equal(51, opened[0].Count);
    }
}
