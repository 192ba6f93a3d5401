using Dashboard.Core.Events;
using Dashboard.Core.Sessions;

namespace Dashboard.Core.Conflicts;

/// <summary>The rules: which endings count towards which finding, and the finding lifecycle.</summary>
public sealed partial class ConflictDetector
{
    private static readonly FindingKind[] AllKinds = [FindingKind.ClientIdConflict, FindingKind.ReconnectLoop, FindingKind.Flapping];

    /// <summary>
    /// Takenover/discarded endings in the window are one pattern; the peers decide which. If an IP comes
    /// back after another IP had the session (A, B, A) two devices are fighting over the ID: a conflict.
    /// Otherwise (one IP with new ports, or an IP that changes and never returns, as on some cellular
    /// modules) it is one device replacing its own live connection: a reconnect loop. During maintenance
    /// (<paramref name="planned"/>) a loop is expected (devices restart) and not counted; two devices sharing an
    /// ID is a fault whatever the plan, so a conflict still counts, marked as found during maintenance.
    /// </summary>
    private void EvaluateTakeovers(ClientWindow window, TrackedSession ended, bool planned, DateTimeOffset now)
    {
        var endings = window.Sessions.Where(s => s.Ended && OnlineReplaced(s.Reason)).ToList();
        var inWindow = InWindow(endings, ended);
        if (inWindow is null)
        {
            return;
        }

        var ips = inWindow.Select(s => s.PeerIp).ToList();
        ips.Add(window.Next(inWindow[^1])?.PeerIp);
        var kind = Alternates(ips) ? FindingKind.ClientIdConflict : FindingKind.ReconnectLoop;
        if (planned && kind == FindingKind.ReconnectLoop)
        {
            return;
        }

        Count(window, kind, inWindow, ended, _options.TakeoverThreshold, now, planned);
    }

    private void EvaluateFlapping(ClientWindow window, TrackedSession ended, DateTimeOffset now)
    {
        var endings = window.Sessions.Where(IsShortTransportEnding).ToList();
        var inWindow = InWindow(endings, ended);
        if (inWindow is not null)
        {
            Count(window, FindingKind.Flapping, inWindow, ended, _options.FlappingThreshold, now, planned: false);
        }
    }

    /// <summary>
    /// The endings less than W before the newest one (an ending exactly W older does not count);
    /// null when the new ending itself is that old, which only a late, out-of-order event can be.
    /// </summary>
    private List<TrackedSession>? InWindow(List<TrackedSession> endings, TrackedSession ended)
    {
        long window = (long)_options.Window.TotalMilliseconds;
        long latest = endings.Max(s => s.DisconnectedAtMs!.Value);
        if (latest - ended.DisconnectedAtMs!.Value >= window)
        {
            return null;
        }

        return endings.Where(s => latest - s.DisconnectedAtMs!.Value < window).ToList();
    }

    internal static bool Alternates(IEnumerable<string?> ips)
    {
        // Peers compare as the session matcher compares them: IPv6 hex in either case is one address.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? previous = null;
        foreach (var ip in ips)
        {
            if (ip is null)
            {
                continue;
            }

            if (!SessionMatcher.SameIp(ip, previous) && seen.Contains(ip))
            {
                return true;
            }

            seen.Add(ip);
            previous = ip;
        }

        return false;
    }

    /// <summary>
    /// Counts the ending towards the active finding, or opens one. <paramref name="planned"/>: the ending fell in a
    /// maintenance window; a finding opened so is marked, and the first unplanned ending clears the mark.
    /// </summary>
    private void Count(ClientWindow window, FindingKind kind, List<TrackedSession> inWindow, TrackedSession ended, int threshold, DateTimeOffset now, bool planned)
    {
        if (_active.TryGetValue((window.ClientId, kind), out var tracker))
        {
            tracker.DuringMaintenance &= planned;
            tracker.Add(ended, window.Next(ended));
            tracker.LastActivity = now;
            Raise(ChangeKind.Updated, tracker.ToFinding(FindingState.Active, null));
            return;
        }

        long countedUntil = window.CountedUntilMs[(int)kind];
        var eligible = inWindow.Where(s => s.DisconnectedAtMs!.Value > countedUntil).ToList();

        // server_busy refusals are a loop's evidence too (ConflictDetector.Refusals.cs).
        var refusals = kind == FindingKind.ReconnectLoop ? RefusalsInWindow(window, ended.DisconnectedAtMs!.Value, countedUntil) : [];
        Open(window, kind, eligible, refusals, threshold, now, planned);
    }

    /// <summary>Opens a finding from the endings and refusals not yet counted, once they reach the threshold together.</summary>
    private void Open(ClientWindow window, FindingKind kind, List<TrackedSession> endings, List<TrackedRefusal> refusals, int threshold, DateTimeOffset now, bool planned = false)
    {
        if (endings.Count + refusals.Count < threshold)
        {
            return;
        }

        var tracker = new FindingTracker(_nextFindingId++, window.ClientId, kind, threshold, _options.MaxListedPerFinding)
        {
            LastActivity = now,
            DuringMaintenance = planned,
        };
        foreach (var session in endings)
        {
            tracker.Add(session, window.Next(session));
        }

        foreach (var refusal in refusals)
        {
            tracker.AddRefusal(refusal);
        }

        _active.Add((window.ClientId, kind), tracker);
        Raise(ChangeKind.Opened, tracker.ToFinding(FindingState.Active, null));
    }

    /// <summary>
    /// A takeover's ending often arrives before the connect that caused it; when that connect comes,
    /// name it as the replacement on the active finding's evidence.
    /// </summary>
    private void FillReplacement(ClientWindow window, ConnectionEvent e)
    {
        long connectedAt = (e.ConnectedAt ?? e.EventTime).ToUnixTimeMilliseconds();
        var sessions = window.Sessions;
        for (int i = 1; i < sessions.Count; i++)
        {
            if (sessions[i].ConnectedAtMs == connectedAt && sessions[i - 1].Ended && OnlineReplaced(sessions[i - 1].Reason))
            {
                foreach (var kind in (ReadOnlySpan<FindingKind>)[FindingKind.ClientIdConflict, FindingKind.ReconnectLoop])
                {
                    if (_active.TryGetValue((window.ClientId, kind), out var tracker) && tracker.FillReplacement(sessions[i - 1], sessions[i]))
                    {
                        Raise(ChangeKind.Updated, tracker.ToFinding(FindingState.Active, null));
                    }
                }

                return;
            }
        }
    }

    private void ResolveQuiet(string clientId, DateTimeOffset now)
    {
        foreach (var kind in AllKinds)
        {
            if (_active.TryGetValue((clientId, kind), out var tracker) && now - tracker.LastActivity >= _options.Window)
            {
                Resolve(tracker, now);
            }
        }
    }

    private void Resolve(FindingTracker tracker, DateTimeOffset now)
    {
        _active.Remove((tracker.ClientId, tracker.Kind));
        if (_clients.TryGetValue(tracker.ClientId, out var window))
        {
            ref long countedUntil = ref window.CountedUntilMs[(int)tracker.Kind];
            countedUntil = Math.Max(countedUntil, tracker.LastSeenMs);
        }

        var finding = tracker.ToFinding(FindingState.Resolved, now);
        _resolved.Enqueue(finding);
        while (_resolved.Count > _options.MaxResolvedFindings)
        {
            _resolved.Dequeue();
        }

        Raise(ChangeKind.Resolved, finding);
    }
}
