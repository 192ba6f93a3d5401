namespace Dashboard.Core.Conflicts;

public enum IncidentKind
{
    /// <summary>Many clients disconnecting with one reason within seconds.</summary>
    MassDisconnect,

    /// <summary>Repeated <c>not_authorized</c> endings from one source IP.</summary>
    AuthFailureBurst,
}

/// <summary>A fleet-wide event, not tied to one client. An immutable copy.</summary>
public sealed record Incident
{
    public required long Id { get; init; }

    public required IncidentKind Kind { get; init; }

    public required FindingState State { get; init; }

    /// <summary>The shared disconnect reason (for an auth burst, <c>not_authorized</c>).</summary>
    public required string Reason { get; init; }

    /// <summary>The source address of an auth-failure burst; null for a mass disconnect.</summary>
    public string? SourceIp { get; init; }

    /// <summary>Disconnects counted: the burst that opened it plus each further one while active.</summary>
    public required int Count { get; init; }

    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastSeen { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Disconnects per EMQX node.</summary>
    public required IReadOnlyDictionary<string, int> ByNode { get; init; }

    /// <summary>Disconnects per client network: IPv4 /24, IPv6 /48 (bounded; the rest under "other").</summary>
    public required IReadOnlyDictionary<string, int> ByNetwork { get; init; }

    /// <summary>Some of the client IDs involved, bounded.</summary>
    public required IReadOnlyList<string> ClientIds { get; init; }

    public required string Meaning { get; init; }

    public required string Advice { get; init; }
}

/// <summary>Raised by <see cref="ConflictDetector.IncidentChanged"/>.</summary>
public sealed record IncidentChange(ChangeKind Change, Incident Incident);

/// <summary>The mutable state behind one active incident.</summary>
internal sealed class IncidentTracker(long id, IncidentKind kind, string reason, string? sourceIp, int maxListed)
{
    private const int MaxBuckets = 256;
    private readonly Dictionary<string, int> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byNetwork = new(StringComparer.Ordinal);
    private readonly List<string> _clientIds = [];

    public IncidentKind Kind { get; } = kind;

    public string Reason { get; } = reason;

    public string? SourceIp { get; } = sourceIp;

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
        if (_clientIds.Count < maxListed && !_clientIds.Contains(entry.ClientId))
        {
            _clientIds.Add(entry.ClientId);
        }
    }

    public Incident ToIncident(FindingState state, DateTimeOffset? resolvedAt) => new()
    {
        Id = id,
        Kind = Kind,
        State = state,
        Reason = Reason,
        SourceIp = SourceIp,
        Count = Count,
        FirstSeen = DateTimeOffset.FromUnixTimeMilliseconds(FirstSeenMs),
        LastSeen = DateTimeOffset.FromUnixTimeMilliseconds(LastSeenMs),
        ResolvedAt = resolvedAt,
        ByNode = new Dictionary<string, int>(_byNode),
        ByNetwork = new Dictionary<string, int>(_byNetwork),
        ClientIds = [.. _clientIds],
        Meaning = FindingTexts.Meaning(Kind),
        Advice = FindingTexts.Advice(Kind),
    };

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

/// <summary>One disconnect as the incident rules see it.</summary>
internal readonly record struct IncidentEntry(long AtMs, string ClientId, string? Node, string? PeerIp);
