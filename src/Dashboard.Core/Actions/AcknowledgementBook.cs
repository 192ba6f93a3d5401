using Dashboard.Core.Conflicts;

namespace Dashboard.Core.Actions;

/// <summary>
/// The acknowledgements in force, by finding key, and what they mean for alerts. An acknowledged
/// finding sends no alert until it resolves; its resolution still does (and ends the
/// acknowledgement), and so does, once, its re-opening when its count doubles. A finding opened during
/// planned maintenance (<see cref="Finding.DuringMaintenance"/>) sends nothing, not even its resolution,
/// unless it goes on outside the window: then it alerts as opened. Thread-safe.
/// </summary>
public sealed class AcknowledgementBook
{
    public const string Opened = "opened";
    public const string Resolved = "resolved";
    public const string Reopened = "reopened";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Acknowledgement> _byKey = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reopenAlerted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _silenced = new(StringComparer.Ordinal);

    /// <summary>Sets or replaces the acknowledgement under its key (a new one may re-open again).</summary>
    public void Set(Acknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        lock (_lock)
        {
            _byKey[acknowledgement.Key] = acknowledgement;
            _reopenAlerted.Remove(acknowledgement.Key);
        }
    }

    /// <summary>Ends the acknowledgement under <paramref name="key"/>; false when there was none.</summary>
    public bool Remove(string key)
    {
        lock (_lock)
        {
            _reopenAlerted.Remove(key);
            return _byKey.Remove(key);
        }
    }

    /// <summary>The keys in force now, a copy.</summary>
    public IReadOnlyList<string> Keys()
    {
        lock (_lock)
        {
            return [.. _byKey.Keys];
        }
    }

    /// <summary>The acknowledgement under <paramref name="key"/>, or null.</summary>
    public Acknowledgement? Get(string key)
    {
        lock (_lock)
        {
            return _byKey.GetValueOrDefault(key);
        }
    }

    public AcknowledgementStatus? StatusOf(string key, int count)
    {
        lock (_lock)
        {
            return _byKey.TryGetValue(key, out var ack) ? new AcknowledgementStatus(ack, ack.IsReopenedAt(count)) : null;
        }
    }

    public AcknowledgementStatus? StatusOf(Finding finding) => StatusOf(FindingKeys.Of(finding), finding.Count);

    public AcknowledgementStatus? StatusOf(Incident incident) => StatusOf(FindingKeys.Of(incident), incident.Count);

    /// <summary>Active, and either not acknowledged or re-opened: what the top lists and alerts are for.</summary>
    public bool NeedsAttention(Finding finding) => finding.State == FindingState.Active && StatusOf(finding) is not { Reopened: false };

    public bool NeedsAttention(Incident incident) => incident.State == FindingState.Active && StatusOf(incident) is not { Reopened: false };

    /// <summary>
    /// Follows one change of a finding: returns the alert to send (<see cref="Opened"/>,
    /// <see cref="Resolved"/>, <see cref="Reopened"/>) or null for none. A resolution ends the
    /// acknowledgement; <paramref name="ended"/> then names the key so its caller can forget it too.
    /// </summary>
    public string? Observe(FindingChange change, out string? ended)
    {
        ArgumentNullException.ThrowIfNull(change);
        var key = FindingKeys.Of(change.Finding);
        var alert = Observe(change.Change, key, change.Finding.Count, out ended);
        return Silence(change, key, alert);
    }

    /// <summary>The alert after planned maintenance has had its say: none for a finding opened in a window, until it goes on past it.</summary>
    private string? Silence(FindingChange change, string key, string? alert)
    {
        lock (_lock)
        {
            switch (change.Change)
            {
                case ChangeKind.Opened when change.Finding.DuringMaintenance:
                    _silenced.Add(key);
                    return null;
                case ChangeKind.Resolved:
                    return _silenced.Remove(key) ? null : alert;
                case ChangeKind.Updated when !change.Finding.DuringMaintenance && _silenced.Remove(key):
                    // It went on outside the window: now it is news, unless someone already acknowledged it.
                    return _byKey.ContainsKey(key) ? alert : Opened;
                default:
                    return alert;
            }
        }
    }

    /// <summary>Follows one change of a fleet incident, as <see cref="Observe(FindingChange, out string?)"/> a finding's.</summary>
    public string? Observe(IncidentChange change, out string? ended)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Observe(change.Change, FindingKeys.Of(change.Incident), change.Incident.Count, out ended);
    }

    private string? Observe(ChangeKind change, string key, int count, out string? ended)
    {
        ended = null;
        lock (_lock)
        {
            var acknowledged = _byKey.TryGetValue(key, out var ack);
            switch (change)
            {
                case ChangeKind.Resolved:
                    if (acknowledged)
                    {
                        _byKey.Remove(key);
                        _reopenAlerted.Remove(key);
                        ended = key;
                    }

                    return Resolved;
                case ChangeKind.Opened:
                    // Acknowledged before a restart, or before the detector lost and found it again.
                    return acknowledged ? null : Opened;
                default:
                    return acknowledged && ack!.IsReopenedAt(count) && _reopenAlerted.Add(key) ? Reopened : null;
            }
        }
    }
}
