using Dashboard.Core.Events;
using Dashboard.Core.Maintenance;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Conflicts;

/// <summary>
/// Finds client-ID conflicts, reconnect loops and flapping per client, and fleet-wide incidents,
/// from the stream of connect and disconnect events and of refused connects (<see cref="ApplyAccess"/>). Fed by the single pipeline thread: not
/// thread-safe itself; readers get copies. Memory is bounded: a few sessions per client, a capped
/// number of clients (least recently active dropped first), a capped list of resolved findings.
/// </summary>
/// <remarks>
/// A finding opens when its threshold is crossed, is updated by each further ending while active,
/// and resolves once no ending has counted for <see cref="ConflictOptions.Window"/> (checked on the
/// client's next event and on <see cref="Tick"/>). A problem that starts again later opens a
/// new finding with a new ID, counting only endings after the resolved one's last: history stays
/// as it was shown and alerted.
/// </remarks>
public sealed partial class ConflictDetector
{
    private readonly ConflictOptions _options;
    private readonly Dictionary<string, ClientWindow> _clients = new(StringComparer.Ordinal);
    private readonly LinkedList<ClientWindow> _leastRecentlyActive = new();
    private readonly Dictionary<(string ClientId, FindingKind Kind), FindingTracker> _active = [];
    private readonly Queue<Finding> _resolved = new();
    private readonly HashSet<string> _transportReasons;
    private readonly IncidentDetector _incidents;
    private readonly RefusedAttempts _attempts;
    private readonly IMaintenanceCalendar _maintenance;
    private long _nextFindingId = 1;

    /// <param name="options">The thresholds and bounds.</param>
    /// <param name="maintenance">
    /// Planned work: an ending or refusal of a client in a window in force at its event time raises no incident
    /// and counts towards no reconnect loop or flapping; a client-ID conflict is still found, marked
    /// <see cref="Finding.DuringMaintenance"/>. Asked once per ending or refusal, so it must be cheap (in memory).
    /// </param>
    public ConflictDetector(ConflictOptions options, IMaintenanceCalendar? maintenance = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _maintenance = maintenance ?? new NoMaintenance();
        _transportReasons = new HashSet<string>(options.TransportReasons, StringComparer.OrdinalIgnoreCase);
        _incidents = new IncidentDetector(options, RaiseIncident, () => IncidentChanged is not null);
        _attempts = new RefusedAttempts(options.MaxTrackedClients);
    }

    /// <summary>Raised inline on the pipeline thread when a finding opens, updates or resolves; keep handlers short.</summary>
    public event Action<FindingChange>? FindingChanged;

    /// <summary>Raised inline on the pipeline thread when a fleet incident opens, updates or resolves.</summary>
    public event Action<IncidentChange>? IncidentChanged;

    /// <summary>Raised inline when a fleet incident opens: cheap to listen to, like <see cref="IncidentResolved"/>.</summary>
    public event Action<Incident>? IncidentOpened;

    /// <summary>
    /// Raised inline when a fleet incident resolves. Unlike <see cref="IncidentChanged"/>, listening to
    /// it does not make the detector copy an incident on every disconnect of a mass disconnect.
    /// </summary>
    public event Action<Incident>? IncidentResolved;

    /// <summary>Client IDs that currently have a session window.</summary>
    public int TrackedClientCount => _clients.Count;

    public int ActiveFindingCount => _active.Count;

    public void Apply(ConnectionEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e);
        var window = Touch(e.ClientId, now);
        ResolveQuiet(e.ClientId, now);

        if (e.Kind == ConnectionEventKind.Connected)
        {
            window.ApplyConnect(e);
            FillReplacement(window, e);
            return;
        }

        var ended = window.ApplyDisconnect(e);
        if (ended is null)
        {
            return;
        }

        bool planned = _maintenance.IsPlanned(e.ClientId, e.Username, e.PeerIp, e.EventTime);
        if (!planned)
        {
            _incidents.ApplyEnding(e, now);
        }

        if (OnlineReplaced(ended.Reason))
        {
            EvaluateTakeovers(window, ended, planned, now);
        }
        else if (IsShortTransportEnding(ended) && !planned)
        {
            EvaluateFlapping(window, ended, now);
        }
    }

    /// <summary>Resolves findings and incidents that went quiet and forgets clients idle past retention.</summary>
    public void Tick(DateTimeOffset now)
    {
        foreach (var tracker in _active.Values.ToList())
        {
            if (now - tracker.LastActivity >= _options.Window)
            {
                Resolve(tracker, now);
            }
        }

        long idleBefore = (now - _options.IdleClientRetention).ToUnixTimeMilliseconds();
        while (_leastRecentlyActive.First is { } oldest && oldest.Value.LastActivityMs <= idleBefore)
        {
            Forget(oldest.Value);
        }

        _incidents.Tick(now);
    }

    /// <summary>A copy of the findings: active ones first, then resolved ones, each newest first.</summary>
    public IReadOnlyList<Finding> GetFindings(FindingState? state = null)
    {
        var result = new List<Finding>();
        if (state is null or FindingState.Active)
        {
            result.AddRange(_active.Values.Select(t => t.ToFinding(FindingState.Active, null)).OrderByDescending(f => f.LastSeen));
        }

        if (state is null or FindingState.Resolved)
        {
            result.AddRange(_resolved.Reverse());
        }

        return result;
    }

    /// <summary>A copy of the fleet incidents: active ones first, then resolved ones, each newest first.</summary>
    public IReadOnlyList<Incident> GetIncidents(FindingState? state = null) => _incidents.Get(state);

    private static bool OnlineReplaced(string? reason) => ReasonCatalog.IsReplacement(reason);

    private bool IsShortTransportEnding(TrackedSession ended) =>
        ended.Reason is { } reason && _transportReasons.Contains(reason)
        && ended.Duration is { } duration && duration >= TimeSpan.Zero && duration < _options.ShortSession;

    private ClientWindow Touch(string clientId, DateTimeOffset now)
    {
        if (!_clients.TryGetValue(clientId, out var window))
        {
            window = new ClientWindow(clientId, _options.SessionsPerClient);
            _clients.Add(clientId, window);
            window.LruNode = _leastRecentlyActive.AddLast(window);
            if (_clients.Count > _options.MaxTrackedClients && _leastRecentlyActive.First is { } oldest)
            {
                // Findings live apart from the windows, so an active one survives its client's eviction.
                Forget(oldest.Value);
            }
        }
        else if (window.LruNode is { } node && node != _leastRecentlyActive.Last)
        {
            _leastRecentlyActive.Remove(node);
            _leastRecentlyActive.AddLast(node);
        }

        window.LastActivityMs = Math.Max(window.LastActivityMs, now.ToUnixTimeMilliseconds());
        return window;
    }

    private void Forget(ClientWindow window)
    {
        _clients.Remove(window.ClientId);
        if (window.LruNode is { } node)
        {
            _leastRecentlyActive.Remove(node);
            window.LruNode = null;
        }
    }

    private void RaiseIncident(IncidentChange change)
    {
        IncidentChanged?.Invoke(change);
        if (change.Change == ChangeKind.Opened)
        {
            IncidentOpened?.Invoke(change.Incident);
        }
        else if (change.Change == ChangeKind.Resolved)
        {
            IncidentResolved?.Invoke(change.Incident);
        }
    }

    private void Raise(ChangeKind change, Finding finding) => FindingChanged?.Invoke(new FindingChange(change, finding));
}
