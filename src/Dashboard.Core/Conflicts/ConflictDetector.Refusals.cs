using Dashboard.Core.Events;

namespace Dashboard.Core.Conflicts;

/// <summary>
/// Refused connects: each attempt counts once towards the fleet incidents, and a server_busy refusal
/// (THROTTLED: the client ID was still being cleaned up after its previous connection) is evidence of
/// a reconnect loop for its client.
/// </summary>
public sealed partial class ConflictDetector
{
    /// <summary>The connack reason code EMQX sends when the client ID is still being cleaned up (THROTTLED).</summary>
    public const string ServerBusy = "server_busy";

    /// <summary>
    /// Applies one access failure, in arrival order. Denials of a publish or subscribe, successes and
    /// the second report of one refused CONNECT (see <see cref="RefusedAttempts"/>) count nowhere; nor does a
    /// refusal of a client in a maintenance window (devices coming back during planned work retry and are refused).
    /// </summary>
    public void ApplyAccess(AccessEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Kind == AccessEventKind.Authorization || !e.IsFailure || e.ReasonCode is null || !_attempts.IsNewAttempt(e)
            || _maintenance.IsPlanned(e.ClientId, e.Username, e.PeerIp, e.EventTime))
        {
            return;
        }

        _incidents.ApplyRefusal(e, now);
        if (e.ReasonCode == ServerBusy)
        {
            ApplyThrottled(e, now);
        }
    }

    private void ApplyThrottled(AccessEvent e, DateTimeOffset now)
    {
        var window = Touch(e.ClientId, now);
        ResolveQuiet(e.ClientId, now);
        var refusal = new TrackedRefusal(e.EventTime.ToUnixTimeMilliseconds(), e.PeerIp, e.PeerPort, e.Username, e.Node, ServerBusy);
        if (!window.AddRefusal(refusal))
        {
            return;
        }

        // Two devices sharing the ID and connecting at the same moment get server_busy too: a running
        // conflict takes the refusal as its evidence; otherwise it is the loop's.
        var kind = _active.ContainsKey((e.ClientId, FindingKind.ClientIdConflict)) ? FindingKind.ClientIdConflict : FindingKind.ReconnectLoop;
        if (_active.TryGetValue((e.ClientId, kind), out var tracker))
        {
            tracker.AddRefusal(refusal);
            tracker.LastActivity = now;
            Raise(ChangeKind.Updated, tracker.ToFinding(FindingState.Active, null));
            return;
        }

        long windowMs = (long)_options.Window.TotalMilliseconds;
        long countedUntil = window.CountedUntilMs[(int)FindingKind.ReconnectLoop];
        var replaced = window.Sessions.Where(s => s.Ended && OnlineReplaced(s.Reason)).ToList();
        long latest = Math.Max(window.Refusals[^1].AtMs, replaced.Count > 0 ? replaced.Max(s => s.DisconnectedAtMs!.Value) : long.MinValue);
        if (latest - refusal.AtMs >= windowMs)
        {
            return;
        }

        // The takeovers in the window count with the refusals unless they alternate between addresses:
        // then they are a conflict's (EvaluateTakeovers decides that when they come).
        var endings = replaced.Where(s => latest - s.DisconnectedAtMs!.Value < windowMs).ToList();
        var ips = endings.Select(s => s.PeerIp).ToList();
        if (endings.Count > 0)
        {
            ips.Add(window.Next(endings[^1])?.PeerIp);
        }

        endings = Alternates(ips) ? [] : [.. endings.Where(s => s.DisconnectedAtMs!.Value > countedUntil)];
        Open(window, FindingKind.ReconnectLoop, endings, RefusalsInWindow(window, latest, countedUntil), _options.TakeoverThreshold, now);
    }

    /// <summary>The server_busy refusals less than W before <paramref name="latestMs"/> (or after it) that no resolved finding counted.</summary>
    private List<TrackedRefusal> RefusalsInWindow(ClientWindow window, long latestMs, long countedUntil)
    {
        long windowMs = (long)_options.Window.TotalMilliseconds;
        return [.. window.Refusals.Where(r => r.AtMs > countedUntil && latestMs - r.AtMs < windowMs)];
    }
}
