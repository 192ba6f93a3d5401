using Dashboard.Core.Actions;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Events;
using Dashboard.Core.Notifications;
using Dashboard.Ingestion;

namespace Dashboard.Conflicts;

/// <summary>
/// The conflict detector, fed by the pipeline's one consumer (connection events, and access failures
/// as an <see cref="IAccessFailureObserver"/>) and read by pages and REST. The detector itself is
/// single-threaded; this lock lets readers take copies while it is fed.
/// </summary>
internal sealed class ConflictService : IAccessFailureObserver
{
    private readonly Lock _lock = new();
    private readonly ConflictDetector _detector;
    private readonly ChangeNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly List<FindingChange> _changes = [];
    private readonly List<IncidentChange> _incidentChanges = [];

    public ConflictService(ConflictDetector detector, ChangeNotifier notifier, TimeProvider time)
    {
        _detector = detector;
        _notifier = notifier;
        _time = time;
        _detector.FindingChanged += change => _changes.Add(change);
        _detector.IncidentOpened += incident => _incidentChanges.Add(new IncidentChange(ChangeKind.Opened, incident));
        _detector.IncidentResolved += incident => _incidentChanges.Add(new IncidentChange(ChangeKind.Resolved, incident));
    }

    /// <summary>Raised, outside the lock, for each alert due: the event name and the finding (see <see cref="AcknowledgementBook.Observe(FindingChange, out string?)"/>).</summary>
    public event Action<string, Finding>? AlertDue;

    /// <summary>Raised, outside the lock, for each alert due on a fleet incident, as <see cref="AlertDue"/> for findings.</summary>
    public event Action<string, Incident>? IncidentAlertDue;

    /// <summary>Raised, outside the lock, with the key of an acknowledgement its finding's resolution ended.</summary>
    public event Action<string>? AcknowledgementEnded;

    /// <summary>The acknowledgements in force; they follow the findings' changes here.</summary>
    public AcknowledgementBook Acknowledgements { get; } = new();

    public void Apply(IReadOnlyList<ConnectionEvent> events) => Feed(events, _detector.Apply);

    /// <summary>Refused connects and failed authentications, in arrival order: incidents and reconnect-loop evidence.</summary>
    public void Observe(IReadOnlyList<AccessEvent> failures) => Feed(failures, _detector.ApplyAccess);

    private void Feed<T>(IReadOnlyList<T> items, Action<T, DateTimeOffset> apply)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (var item in items)
            {
                apply(item, now);
            }

            NoteAcknowledgedIncidents();
        }

        Publish();
    }

    /// <summary>Resolves findings that went quiet; called on a timer.</summary>
    public void Tick()
    {
        lock (_lock)
        {
            _detector.Tick(_time.GetUtcNow());
        }

        Publish();
    }

    public IReadOnlyList<Finding> GetFindings(FindingState? state = null)
    {
        lock (_lock)
        {
            return _detector.GetFindings(state);
        }
    }

    /// <summary>One page of findings, filtered and sorted (<see cref="FindingQuery"/>): the copy is taken under the lock, the rest outside it.</summary>
    public FindingPage GetFindingPage(FindingQuery query, Func<string, bool>? inGroup = null) => query.Apply(GetFindings(query.State), inGroup);

    public IReadOnlyList<Incident> GetIncidents(FindingState? state = null)
    {
        lock (_lock)
        {
            return _detector.GetIncidents(state);
        }
    }

    /// <summary>The active finding or incident under <paramref name="key"/> (see <see cref="FindingKeys"/>), with its count and what it is, or null.</summary>
    public (int Count, string Target)? FindActive(string key)
    {
        lock (_lock)
        {
            if (_detector.GetFindings(FindingState.Active).FirstOrDefault(f => FindingKeys.Of(f) == key) is { } finding)
            {
                return (finding.Count, FindingKeys.Describe(finding));
            }

            if (_detector.GetIncidents(FindingState.Active).FirstOrDefault(i => FindingKeys.Of(i) == key) is { } incident)
            {
                return (incident.Count, FindingKeys.Describe(incident));
            }

            return null;
        }
    }

    /// <summary>
    /// The detector does not copy a running incident on every attempt for us (see
    /// <see cref="ConflictDetector.IncidentResolved"/>), so once a batch, while any acknowledgement is
    /// in force, the acknowledged incidents are looked at for a doubled count (a re-opening alert).
    /// </summary>
    private void NoteAcknowledgedIncidents()
    {
        if (Acknowledgements.Keys().Count == 0)
        {
            return;
        }

        foreach (var incident in _detector.GetIncidents(FindingState.Active))
        {
            if (Acknowledgements.StatusOf(incident) is { Reopened: true })
            {
                _incidentChanges.Add(new IncidentChange(ChangeKind.Updated, incident));
            }
        }
    }

    private void Publish()
    {
        FindingChange[] changes;
        IncidentChange[] incidentChanges;
        lock (_lock)
        {
            if (_changes.Count == 0 && _incidentChanges.Count == 0)
            {
                return;
            }

            changes = [.. _changes];
            _changes.Clear();
            incidentChanges = [.. _incidentChanges];
            _incidentChanges.Clear();
        }

        foreach (var change in incidentChanges)
        {
            var alert = Acknowledgements.Observe(change, out var ended);
            if (ended is not null)
            {
                AcknowledgementEnded?.Invoke(ended);
            }

            if (alert is not null)
            {
                IncidentAlertDue?.Invoke(alert, change.Incident);
            }
        }

        // A finding that resolves on the timer changes no client state, so pages hear of it here.
        _notifier.MarkChanged(changes.Select(c => c.Finding.ClientId));
        foreach (var change in changes)
        {
            var alert = Acknowledgements.Observe(change, out var ended);
            if (ended is not null)
            {
                AcknowledgementEnded?.Invoke(ended);
            }

            if (alert is not null)
            {
                AlertDue?.Invoke(alert, change.Finding);
            }
        }
    }
}

/// <summary>Ticks the detector so findings resolve when their client goes quiet.</summary>
internal sealed class ConflictTicker(ConflictService conflicts, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
                conflicts.Tick();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
