namespace Dashboard.Core.Conflicts;

/// <summary>How many of a finding's counted sessions (and refused connects) came from one IP, and from how many source ports.</summary>
/// <param name="Ip">The address as the broker reported it.</param>
/// <param name="Sessions">Counted endings and refusals from it.</param>
/// <param name="Ports">Distinct source ports seen, up to <see cref="PeerTallies.MaxPorts"/>; 0 when no port was reported.</param>
public sealed record PeerTally(string Ip, int Sessions, int Ports);

/// <summary>
/// The per-IP counts behind one finding, bounded: at most <c>maxIps</c> addresses are told apart; sessions from
/// any further address are only counted (a finding's peers are a handful; a scan from a whole network is not
/// worth per-address memory).
/// </summary>
internal sealed class PeerTallies(int maxIps)
{
    /// <summary>Ports are told apart up to this many per IP; more reads as "256+ ports".</summary>
    public const int MaxPorts = 256;

    // IPv6 hex in either case is one address, as the session matcher compares them.
    private readonly Dictionary<string, (int Sessions, HashSet<int> Ports)> _byIp = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sessions from addresses beyond the first <c>maxIps</c>.</summary>
    public int OtherSessions { get; private set; }

    public void Add(string? ip, int? port)
    {
        if (ip is null)
        {
            return;
        }

        if (!_byIp.TryGetValue(ip, out var tally))
        {
            if (_byIp.Count >= maxIps)
            {
                OtherSessions++;
                return;
            }

            tally = (0, []);
        }

        if (port is { } p && tally.Ports.Count < MaxPorts)
        {
            tally.Ports.Add(p);
        }

        _byIp[ip] = (tally.Sessions + 1, tally.Ports);
    }

    /// <summary>A copy, most sessions first (then by address, so the order is stable).</summary>
    public IReadOnlyList<PeerTally> ToList() => _byIp
        .Select(p => new PeerTally(p.Key, p.Value.Sessions, p.Value.Ports.Count))
        .OrderByDescending(t => t.Sessions)
        .ThenBy(t => t.Ip, StringComparer.OrdinalIgnoreCase)
        .ToArray();
}
