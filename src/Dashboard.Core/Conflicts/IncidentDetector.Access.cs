using Dashboard.Core.Events;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Conflicts;

/// <summary>
/// The rules over refused connects: a fleet-wide jump in one reason code, and authentication bursts
/// from one address or one network (which not_authorized endings feed too).
/// </summary>
internal sealed partial class IncidentDetector
{
    /// <summary>
    /// The refusal codes that say who the client is was refused (credentials, authentication, the
    /// banned list): what an authorization burst counts. Rate limits, server_busy and protocol
    /// errors say nothing about credentials and count only towards a refused-connections incident.
    /// </summary>
    internal static readonly IReadOnlySet<string> AuthRefusalCodes = ReasonCatalog.AllRefusals
        .Where(r => r.Category == ReasonCategory.Authorization)
        .Select(r => r.Reason)
        .Append("banned")
        .ToHashSet(StringComparer.Ordinal);

    private readonly Dictionary<string, BurstWindow> _authBySource = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, BurstWindow> _authByNetwork = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BurstWindow> _refusedByCode = new(StringComparer.Ordinal);

    /// <summary>One refused attempt (a failed connack or authentication, counted once per CONNECT by the caller).</summary>
    public void ApplyRefusal(AccessEvent e, DateTimeOffset now)
    {
        if (e.ReasonCode is not { } code)
        {
            return;
        }

        var entry = new IncidentEntry(e.EventTime.ToUnixTimeMilliseconds(), e.ClientId, e.Node, e.PeerIp, code);

        // More than the threshold in distinct clients, like a mass disconnect: one device retrying with
        // the wrong password all day is not a fleet event (the auth burst below may catch it).
        long window = (long)options.RefusedWindow.TotalMilliseconds;
        Observe(IncidentKind.RefusedConnections, code, _refusedByCode, entry, window, options.RefusedClients + 1, distinct: true, now);

        if (e.PeerIp is not null && AuthRefusalCodes.Contains(code))
        {
            ObserveAuthFailure(entry, now);
        }
    }

    /// <summary>
    /// One authentication failure from an address. A burst from one address is that address's incident;
    /// a burst from several addresses of one network is the network's, and only the network's: while it
    /// runs no address of it opens its own, and when it opens it supersedes (resolves) the incidents of
    /// single addresses inside it, so one burst never shouts twice.
    /// </summary>
    private void ObserveAuthFailure(IncidentEntry entry, DateTimeOffset now)
    {
        var ip = entry.PeerIp!;
        long windowMs = (long)options.AuthFailureWindow.TotalMilliseconds;
        int threshold = options.AuthFailureThreshold;

        var ipWindow = WindowOf(_authBySource, ip, threshold);
        bool ipCounted = ipWindow is not null && ipWindow.Add(entry, windowMs);

        if (NetworkPrefix.Of(ip) is { } network)
        {
            bool running = _active.ContainsKey((IncidentKind.AuthFailureBurst, network));
            if (WindowOf(_authByNetwork, network, threshold) is { } netWindow && netWindow.Add(entry, windowMs)
                && (running || (netWindow.DistinctIps > 1 && netWindow.Count >= threshold)))
            {
                Count(IncidentKind.AuthFailureBurst, network, netWindow, netWindow.Count, threshold, entry, now, (null, network));
                if (!running)
                {
                    Supersede(network, now);
                }

                return;
            }

            if (running)
            {
                return;
            }
        }

        if (ipCounted)
        {
            Count(IncidentKind.AuthFailureBurst, ip, ipWindow!, ipWindow!.Count, threshold, entry, now, (ip, null));
        }
    }

    /// <summary>Resolves the single-address auth bursts inside <paramref name="network"/>, now that the network's incident has them.</summary>
    private void Supersede(string network, DateTimeOffset now)
    {
        foreach (var pair in _active.ToList())
        {
            if (pair.Key.Kind == IncidentKind.AuthFailureBurst && pair.Value.SourceIp is { } ip && NetworkPrefix.Of(ip) == network)
            {
                Resolve(pair.Key, pair.Value, now);
            }
        }
    }
}
