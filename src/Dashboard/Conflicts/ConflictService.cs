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

    public ConflictService(ConflictDetector detector, ChangeNotifier notifier, TimeProvider time)
    {
        _detector = detector;
        _notifier = notifier;
        _time = time;
        _detector.FindingChanged += change => _changes.Add(change);
    }

    /// <summary>Raised, outside the lock, for each finding that opened, changed or resolved.</summary>
    public event Action<FindingChange>? FindingChanged;

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

    private void Publish()
    {
        FindingChange[] changes;
        lock (_lock)
        {
            if (_changes.Count == 0)
            {
                return;
            }

            changes = [.. _changes];
            _changes.Clear();
        }

        // A finding that resolves on the timer changes no client state, so pages hear of it here.
        _notifier.MarkChanged(changes.Select(c => c.Finding.ClientId));
        foreach (var change in changes)
        {
            FindingChanged?.Invoke(change);
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
