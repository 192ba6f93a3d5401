using Dashboard.Core.Actions;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Events;
using Dashboard.Core.Notifications;

namespace Dashboard.Conflicts;

/// <summary>
/// The conflict detector, fed by the pipeline's one consumer and read by pages and REST. The
/// detector itself is single-threaded; this lock lets readers take copies while it is fed.
/// </summary>
internal sealed class ConflictService
{
    private readonly Lock _lock = new();
    private readonly ConflictDetector _detector;
    private readonly ChangeNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly List<FindingChange> _changes = [];
    private readonly List<Incident> _resolvedIncidents = [];

    public ConflictService(ConflictDetector detector, ChangeNotifier notifier, TimeProvider time)
    {
        _detector = detector;
        _notifier = notifier;
        _time = time;
        _detector.FindingChanged += change => _changes.Add(change);
        _detector.IncidentResolved += incident => _resolvedIncidents.Add(incident);
    }

    /// <summary>Raised, outside the lock, for each alert due: the event name and the finding (see <see cref="AcknowledgementBook.Observe(FindingChange, out string?)"/>).</summary>
    public event Action<string, Finding>? AlertDue;

    /// <summary>Raised, outside the lock, with the key of an acknowledgement its finding's resolution ended.</summary>
    public event Action<string>? AcknowledgementEnded;

    /// <summary>The acknowledgements in force; they follow the findings' changes here.</summary>
    public AcknowledgementBook Acknowledgements { get; } = new();

    public void Apply(IReadOnlyList<ConnectionEvent> events)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (var e in events)
            {
                _detector.Apply(e, now);
            }
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

    private void Publish()
    {
        FindingChange[] changes;
        Incident[] resolvedIncidents;
        lock (_lock)
        {
            if (_changes.Count == 0 && _resolvedIncidents.Count == 0)
            {
                return;
            }

            changes = [.. _changes];
            _changes.Clear();
            resolvedIncidents = [.. _resolvedIncidents];
            _resolvedIncidents.Clear();
        }

        foreach (var incident in resolvedIncidents)
        {
            if (Acknowledgements.Remove(FindingKeys.Of(incident)))
            {
                AcknowledgementEnded?.Invoke(FindingKeys.Of(incident));
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
