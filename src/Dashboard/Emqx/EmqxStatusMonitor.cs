using Dashboard.Core.Emqx;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Emqx;

/// <summary>
/// Watches EMQX's REST side while Emqx:ApiUrl is set: right away and every Emqx:QueuePollInterval it
/// reads the nodes (reachability, version) and the dashboard's own session (<c>Mqtt:ClientId</c>), whose
/// <c>mqueue_dropped</c> counts connection events EMQX threw away because the queue was full.
/// <see cref="EmqxStatusSnapshot.DroppedUnrepaired"/> is that counter less a baseline: the first
/// reading, moved to the latest one by each finished reconcile (which repaired the online set).
/// </summary>
internal sealed partial class EmqxStatusMonitor : BackgroundService, IEmqxStatus
{
    private readonly EmqxApiClient _api;
    private readonly EmqxOptions _options;
    private readonly string _ownClientId;
    private readonly TimeProvider _time;
    private readonly ILogger<EmqxStatusMonitor> _logger;
    private readonly Lock _lock = new();
    private EmqxStatusSnapshot _current;

    /// <summary>The <c>mqueue_dropped</c> reading that counts as repaired; null before the first reading.</summary>
    private long? _baseline;
    private long _lastDropped;

    /// <summary>The error last logged (null: the last check worked), so a lasting failure is logged once.</summary>
    private string? _loggedError;

    public EmqxStatusMonitor(EmqxApiClient api, IOptions<EmqxOptions> options, IOptions<MqttOptions> mqtt, TimeProvider time, ILogger<EmqxStatusMonitor> logger)
    {
        _api = api;
        _options = options.Value;
        _ownClientId = mqtt.Value.ClientId;
        _time = time;
        _logger = logger;
        _current = _options.IsOn ? EmqxStatusSnapshot.Off with { ApiOn = true } : EmqxStatusSnapshot.Off;
    }

    public EmqxStatusSnapshot Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public event Action? Changed;

    public void RecordReconcile(ReconcileReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_lock)
        {
            if (report.Error is null && _baseline is not null)
            {
                _baseline = _lastDropped;
            }

            _current = _current with { LastReconcile = report, DroppedUnrepaired = Unrepaired() };
        }

        Changed?.Invoke();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.IsOn)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.QueuePollInterval, _time);
        try
        {
            do
            {
                await CheckAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One check: the nodes and the dashboard's own session. Never throws but for cancellation.</summary>
    internal async Task CheckAsync(CancellationToken cancellationToken)
    {
        BrokerInfo? info = null;
        SessionQueueFigures? queue = null;
        string? error = null;
        try
        {
            info = await _api.GetBrokerInfoAsync(cancellationToken);
            queue = (await _api.GetClientAsync(_ownClientId, cancellationToken))?.Queue;
        }
        catch (EmqxApiException ex)
        {
            error = ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = "EMQX's REST API check failed: " + ex.GetType().Name;
        }

        bool changed;
        lock (_lock)
        {
            var before = _current;
            if (queue is not null)
            {
                Observe(queue.MqueueDropped);
            }

            _current = error is null
                ? before with
                {
                    Reachable = true,
                    Error = null,
                    CheckedAt = _time.GetUtcNow(),
                    Version = info!.Version,
                    Nodes = info.Nodes,
                    OwnQueue = queue,
                    DroppedUnrepaired = Unrepaired(),
                }
                // Unreachable: the last known version, nodes and queue stay; Reachable and Error say they are not current.
                : before with { Reachable = false, Error = error, CheckedAt = _time.GetUtcNow() };
            changed = !SameApartFromTime(before, _current);
        }

        LogStateChange(error);
        if (changed)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>Takes a reading of <c>mqueue_dropped</c>. Called under the lock.</summary>
    private void Observe(long dropped)
    {
        if (_baseline is null)
        {
            _baseline = dropped;
        }
        else if (dropped < _lastDropped)
        {
            // The counter went down: EMQX started a new session for the dashboard. The drops not yet
            // repaired stay counted, and the new session's drops add to them.
            _baseline -= _lastDropped;
        }

        _lastDropped = dropped;
    }

    private long Unrepaired() => _baseline is { } baseline ? Math.Max(0, _lastDropped - baseline) : 0;

    private void LogStateChange(string? error)
    {
        if (error == _loggedError)
        {
            return;
        }

        if (error is null)
        {
            Log.Reachable(_logger, _options.ApiUrl);
        }
        else
        {
            Log.Unreachable(_logger, error);
        }

        _loggedError = error;
    }

    /// <summary>Equal in everything a user sees but the time of the check.</summary>
    private static bool SameApartFromTime(EmqxStatusSnapshot a, EmqxStatusSnapshot b) =>
        a with { CheckedAt = null, Nodes = [] } == b with { CheckedAt = null, Nodes = [] }
        && a.Nodes.SequenceEqual(b.Nodes);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "EMQX's REST API at {ApiUrl} answers")]
        public static partial void Reachable(ILogger logger, string? apiUrl);

        [LoggerMessage(Level = LogLevel.Warning, Message = "EMQX's REST API check failed: {Error} (logged again only when this changes)")]
        public static partial void Unreachable(ILogger logger, string error);
    }
}
