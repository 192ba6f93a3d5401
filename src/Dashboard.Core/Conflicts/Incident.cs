namespace Dashboard.Core.Conflicts;

public enum IncidentKind
{
    /// <summary>Many clients disconnecting with one reason within seconds.</summary>
    MassDisconnect,

    /// <summary>Repeated authentication refusals (or <c>not_authorized</c> endings) from one source IP or one network.</summary>
    AuthFailureBurst,

    /// <summary>Many distinct clients refused with one CONNACK reason code within minutes: a fleet-wide jump.</summary>
    RefusedConnections,
}

/// <summary>A fleet-wide event, not tied to one client. An immutable copy.</summary>
public sealed record Incident
{
    public required long Id { get; init; }

    public required IncidentKind Kind { get; init; }

    /// <summary>The kind as shown and measured: <c>mass-disconnect</c>, <c>auth-failure-burst</c>, <c>refused-connections</c>.</summary>
    public string KindName => FindingTexts.Name(Kind);

    public required FindingState State { get; init; }

    /// <summary>
    /// The shared disconnect reason or refusal code; for an auth burst, the most frequent of its
    /// reasons (<see cref="ByReason"/> has them all).
    /// </summary>
    public required string Reason { get; init; }

    /// <summary>The source address of an auth-failure burst from one address; null otherwise.</summary>
    public string? SourceIp { get; init; }

    /// <summary>The source network (IPv4 /24, IPv6 /48) of an auth-failure burst from several of its addresses; null otherwise.</summary>
    public string? SourceNetwork { get; init; }

    /// <summary>What the incident is about, for a title: the network, else the address, else the reason.</summary>
    public string Scope => SourceNetwork ?? SourceIp ?? Reason;

    /// <summary>Attempts counted (disconnects or refused connects): the burst that opened it plus each further one while active.</summary>
    public required int Count { get; init; }

    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastSeen { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Attempts per EMQX node.</summary>
    public required IReadOnlyDictionary<string, int> ByNode { get; init; }

    /// <summary>Attempts per client network: IPv4 /24, IPv6 /48 (bounded; the rest under "other").</summary>
    public required IReadOnlyDictionary<string, int> ByNetwork { get; init; }

    /// <summary>Attempts per disconnect reason or refusal code (bounded like <see cref="ByNetwork"/>).</summary>
    public IReadOnlyDictionary<string, int> ByReason { get; init; } = new Dictionary<string, int>();

    /// <summary>Some of the client IDs involved, bounded.</summary>
    public required IReadOnlyList<string> ClientIds { get; init; }

    /// <summary>Some of the source addresses involved, bounded.</summary>
    public IReadOnlyList<string> SourceIps { get; init; } = [];

    public required string Meaning { get; init; }

    public required string Advice { get; init; }
}

/// <summary>Raised by <see cref="ConflictDetector.IncidentChanged"/>.</summary>
public sealed record IncidentChange(ChangeKind Change, Incident Incident);

/// <summary>The mutable state behind one active incident.</summary>
internal sealed class IncidentTracker(long id, IncidentKind kind, string key, string? sourceIp, string? sourceNetwork, int maxListed)
{
    private const int MaxBuckets = 256;
    private readonly Dictionary<string, int> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byNetwork = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byReason = new(StringComparer.Ordinal);
    private readonly List<string> _clientIds = [];
    private readonly List<string> _sourceIps = [];

    public IncidentKind Kind { get; } = kind;

    /// <summary>What the incident is keyed by in the detector: a reason, a code, an address or a network.</summary>
    public string Key { get; } = key;

    public string? SourceIp { get; } = sourceIp;

    public string? SourceNetwork { get; } = sourceNetwork;

    public int Count { get; private set; }

    public long FirstSeenMs { get; private set; } = long.MaxValue;

    public long LastSeenMs { get; private set; } = long.MinValue;

    public DateTimeOffset LastActivity { get; set; }

    public void Add(IncidentEntry entry)
    {
        Count++;
        FirstSeenMs = Math.Min(FirstSeenMs, entry.AtMs);
        LastSeenMs = Math.Max(LastSeenMs, entry.AtMs);
        Bump(_byNode, entry.Node ?? "unknown");
        Bump(_byNetwork, NetworkPrefix.Of(entry.PeerIp) ?? "unknown");
        Bump(_byReason, entry.Reason);
        AddDistinct(_clientIds, entry.ClientId);
        if (entry.PeerIp is { } ip)
        {
            AddDistinct(_sourceIps, ip);
        }
    }

    public Incident ToIncident(FindingState state, DateTimeOffset? resolvedAt)
    {
        // A mass disconnect and a refused-connections incident are keyed by their reason; an auth burst
        // can mix not_authorized endings with refusal codes, so it names its most frequent one.
        var reason = Kind == IncidentKind.AuthFailureBurst && _byReason.Count > 0
            ? _byReason.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key
            : Key;
        return new()
        {
            Id = id,
            Kind = Kind,
            State = state,
            Reason = reason,
            SourceIp = SourceIp,
            SourceNetwork = SourceNetwork,
            Count = Count,
            FirstSeen = DateTimeOffset.FromUnixTimeMilliseconds(FirstSeenMs),
            LastSeen = DateTimeOffset.FromUnixTimeMilliseconds(LastSeenMs),
            ResolvedAt = resolvedAt,
            ByNode = new Dictionary<string, int>(_byNode),
            ByNetwork = new Dictionary<string, int>(_byNetwork),
            ByReason = new Dictionary<string, int>(_byReason),
            ClientIds = [.. _clientIds],
            SourceIps = [.. _sourceIps],
            Meaning = FindingTexts.Meaning(Kind, reason, SourceNetwork is not null),
            Advice = FindingTexts.Advice(Kind, reason),
        };
    }

    private void AddDistinct(List<string> list, string value)
    {
        if (list.Count < maxListed && !list.Contains(value))
        {
            list.Add(value);
        }
    }

    /// <summary>Bounded: a scan from a botnet must not grow one incident without limit.</summary>
    private static void Bump(Dictionary<string, int> counts, string key)
    {
        if (!counts.ContainsKey(key) && counts.Count >= MaxBuckets)
        {
            key = "other";
        }

        counts[key] = counts.GetValueOrDefault(key) + 1;
    }
}

/// <summary>One disconnect or refused connect as the incident rules see it.</summary>
internal readonly record struct IncidentEntry(long AtMs, string ClientId, string? Node, string? PeerIp, string Reason);
