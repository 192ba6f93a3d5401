using Dashboard.Core.Events;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Conflicts;

/// <summary>
/// Fleet-wide rules: many clients disconnecting with one reason within seconds, bursts of
/// authentication failures from one source IP or network, and many clients refused with one reason
/// code (see IncidentDetector.Access.cs). Windows run on event time; quiet (resolution) on the
/// detector's clock. Part of <see cref="ConflictDetector"/>, fed only endings it has not seen before
/// and refused attempts counted once.
/// </summary>
/// <param name="listening">Whether anyone takes the changes: an update comes with every ending of a
/// running incident, and its snapshot (counts per node and network, client IDs) is built only for a listener.</param>
internal sealed partial class IncidentDetector(ConflictOptions options, Action<IncidentChange> raise, Func<bool> listening)
{
    private readonly Dictionary<string, BurstWindow> _byReason = new(StringComparer.Ordinal);
    private readonly Dictionary<(IncidentKind Kind, string Key), IncidentTracker> _active = [];
    private readonly Queue<Incident> _resolved = new();
    private long _nextId = 1;

    public void ApplyEnding(ConnectionEvent e, DateTimeOffset now)
    {
        if (e.Reason is not { } reason)
        {
            return;
        }

        var entry = new IncidentEntry(e.EventTime.ToUnixTimeMilliseconds(), e.ClientId, e.Node, e.PeerIp, reason);
        long massWindow = (long)options.MassDisconnectWindow.TotalMilliseconds;

        // More than the threshold, in distinct clients: one client flapping fast is not a fleet event.
        // A clean "normal" disconnect is the client's own choice; fleets of short-lived clients send
        // hundreds a minute, so it would be a permanent false incident.
        if (reason != ReasonNames.Normal)
        {
            Observe(IncidentKind.MassDisconnect, reason, _byReason, entry, massWindow, options.MassDisconnectClients + 1, distinct: true, now);
        }

        if (reason == ReasonNames.NotAuthorized && e.PeerIp is not null)
        {
            ObserveAuthFailure(entry, now);
        }
    }

    public void Tick(DateTimeOffset now)
    {
        foreach (var pair in _active.ToList())
        {
            if (now - pair.Value.LastActivity >= QuietFor(pair.Key.Kind))
            {
                Resolve(pair.Key, pair.Value, now);
            }
        }

        Prune(_byReason, (now - options.MassDisconnectWindow).ToUnixTimeMilliseconds());
        Prune(_authBySource, (now - options.AuthFailureWindow).ToUnixTimeMilliseconds());
        Prune(_authByNetwork, (now - options.AuthFailureWindow).ToUnixTimeMilliseconds());
        Prune(_refusedByCode, (now - options.RefusedWindow).ToUnixTimeMilliseconds());
    }

    public IReadOnlyList<Incident> Get(FindingState? state)
    {
        var result = new List<Incident>();
        if (state is null or FindingState.Active)
        {
            result.AddRange(_active.Values.Select(t => t.ToIncident(FindingState.Active, null)).OrderByDescending(i => i.LastSeen));
        }

        if (state is null or FindingState.Resolved)
        {
            result.AddRange(_resolved.Reverse());
        }

        return result;
    }

    /// <summary>How long an incident must be quiet to resolve: its own window.</summary>
    private TimeSpan QuietFor(IncidentKind kind) => kind switch
    {
        IncidentKind.MassDisconnect => options.MassDisconnectWindow,
        IncidentKind.RefusedConnections => options.RefusedWindow,
        _ => options.AuthFailureWindow,
    };

    private void Observe(IncidentKind kind, string key, Dictionary<string, BurstWindow> windows,
        IncidentEntry entry, long windowMs, int threshold, bool distinct, DateTimeOffset now)
    {
        if (WindowOf(windows, key, threshold) is { } window && window.Add(entry, windowMs))
        {
            Count(kind, key, window, distinct ? window.DistinctClients : window.Count, threshold, entry, now, (null, null));
        }
    }

    /// <summary>The window of <paramref name="key"/>, new if need be; null past the cap (Tick prunes idle ones).</summary>
    private BurstWindow? WindowOf(Dictionary<string, BurstWindow> windows, string key, int threshold)
    {
        if (!windows.TryGetValue(key, out var window))
        {
            // Bounded like the client windows; past the cap new keys wait for Tick to prune idle ones.
            if (windows.Count >= options.MaxTrackedClients)
            {
                return null;
            }

            window = new BurstWindow(Math.Max(threshold * 4, 1_000));
            windows.Add(key, window);
        }

        return window;
    }

    /// <summary>
    /// Adds the entry to the active incident of (<paramref name="kind"/>, <paramref name="key"/>), or opens
    /// one from the window's entries once <paramref name="count"/> reaches the threshold.
    /// </summary>
    private void Count(IncidentKind kind, string key, BurstWindow window, int count, int threshold, IncidentEntry entry, DateTimeOffset now,
        (string? Ip, string? Network) source)
    {
        var id = (kind, key);
        if (_active.TryGetValue(id, out var tracker))
        {
            // The incident goes on while the window still holds half a burst; a background trickle of the
            // same reason (there is always some keepalive_timeout in a large fleet) must let it resolve.
            if (count * 2 < threshold)
            {
                return;
            }

            tracker.Add(entry);
            tracker.LastActivity = now;
            if (listening())
            {
                raise(new IncidentChange(ChangeKind.Updated, tracker.ToIncident(FindingState.Active, null)));
            }

            return;
        }

        if (count < threshold)
        {
            return;
        }

        tracker = new IncidentTracker(_nextId++, kind, key, source.Ip, source.Network, options.MaxListedPerFinding)
        {
            LastActivity = now,
        };
        foreach (var item in window.Entries)
        {
            tracker.Add(item);
        }

        _active.Add(id, tracker);
        raise(new IncidentChange(ChangeKind.Opened, tracker.ToIncident(FindingState.Active, null)));
    }

    private void Resolve((IncidentKind, string) id, IncidentTracker tracker, DateTimeOffset now)
    {
        _active.Remove(id);
        var incident = tracker.ToIncident(FindingState.Resolved, now);
        _resolved.Enqueue(incident);
        while (_resolved.Count > options.MaxResolvedFindings)
        {
            _resolved.Dequeue();
        }

        raise(new IncidentChange(ChangeKind.Resolved, incident));
    }

    private static void Prune(Dictionary<string, BurstWindow> windows, long olderThanMs)
    {
        foreach (var pair in windows.ToList())
        {
            if (pair.Value.NewestMs <= olderThanMs)
            {
                windows.Remove(pair.Key);
            }
        }
    }
}
