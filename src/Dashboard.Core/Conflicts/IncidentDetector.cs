using Dashboard.Core.Events;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Conflicts;

/// <summary>
/// Fleet-wide rules over endings: many clients disconnecting with one reason within seconds, and
/// <c>not_authorized</c> bursts from one source IP. Windows run on event time; quiet (resolution)
/// on the detector's clock. Part of <see cref="ConflictDetector"/>, fed only endings it has not seen before.
/// </summary>
/// <param name="listening">Whether anyone takes the changes: an update comes with every ending of a
/// running incident, and its snapshot (counts per node and network, client IDs) is built only for a listener.</param>
internal sealed class IncidentDetector(ConflictOptions options, Action<IncidentChange> raise, Func<bool> listening)
{
    private readonly Dictionary<string, BurstWindow> _byReason = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BurstWindow> _authBySource = new(StringComparer.Ordinal);
    private readonly Dictionary<(IncidentKind Kind, string Key), IncidentTracker> _active = [];
    private readonly Queue<Incident> _resolved = new();
    private long _nextId = 1;

    public void ApplyEnding(ConnectionEvent e, DateTimeOffset now)
    {
        if (e.Reason is not { } reason)
        {
            return;
        }

        var entry = new IncidentEntry(e.EventTime.ToUnixTimeMilliseconds(), e.ClientId, e.Node, e.PeerIp);
        long massWindow = (long)options.MassDisconnectWindow.TotalMilliseconds;

        // More than the threshold, in distinct clients: one client flapping fast is not a fleet event.
        // A clean "normal" disconnect is the client's own choice; fleets of short-lived clients send
        // hundreds a minute, so it would be a permanent false incident.
        if (reason != ReasonNames.Normal)
        {
            Observe(IncidentKind.MassDisconnect, reason, null, _byReason, entry, massWindow, options.MassDisconnectClients + 1, distinct: true, now);
        }

        if (reason == ReasonNames.NotAuthorized && e.PeerIp is { } ip)
        {
            long authWindow = (long)options.AuthFailureWindow.TotalMilliseconds;
            Observe(IncidentKind.AuthFailureBurst, ip, ip, _authBySource, entry, authWindow, options.AuthFailureThreshold, distinct: false, now);
        }
    }

    public void Tick(DateTimeOffset now)
    {
        foreach (var pair in _active.ToList())
        {
            var quiet = pair.Key.Kind == IncidentKind.MassDisconnect ? options.MassDisconnectWindow : options.AuthFailureWindow;
            if (now - pair.Value.LastActivity >= quiet)
            {
                Resolve(pair.Key, pair.Value, now);
            }
        }

        Prune(_byReason, (now - options.MassDisconnectWindow).ToUnixTimeMilliseconds());
        Prune(_authBySource, (now - options.AuthFailureWindow).ToUnixTimeMilliseconds());
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

    private void Observe(IncidentKind kind, string key, string? sourceIp, Dictionary<string, BurstWindow> windows,
        IncidentEntry entry, long windowMs, int threshold, bool distinct, DateTimeOffset now)
    {
        if (!windows.TryGetValue(key, out var window))
        {
            // Bounded like the client windows; past the cap new keys wait for Tick to prune idle ones.
            if (windows.Count >= options.MaxTrackedClients)
            {
                return;
            }

            window = new BurstWindow(Math.Max(threshold * 4, 1_000));
            windows.Add(key, window);
        }

        if (!window.Add(entry, windowMs))
        {
            return;
        }

        var id = (kind, key);
        int count = distinct ? window.DistinctClients : window.Count;
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

        tracker = new IncidentTracker(_nextId++, kind, kind == IncidentKind.MassDisconnect ? key : ReasonNames.NotAuthorized, sourceIp, options.MaxListedPerFinding)
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
