namespace Dashboard.Core.Ingestion;

/// <summary>
/// The live status of one event source, written by the source's own threads and read by any page.
/// Counters use <see cref="Interlocked"/>; the text fields are swapped whole.
/// </summary>
public sealed class IngestSourceStatus(string name, string description)
{
    private long _received;
    private long _parseFailures;
    private long _connectAttempts;
    private long _lastEventAtMs;
    private volatile string? _lastError;
    private volatile StateBox _state = new(IngestSourceState.Connecting, null);

    public string Name { get; } = name;

    /// <summary>Where the source reads from, e.g. <c>mqtt://broker:1883</c>.</summary>
    public string Description { get; } = description;

    public IngestSourceState State => _state.State;

    public DateTimeOffset? StateSince => _state.Since;

    public string? LastError => _lastError;

    public DateTimeOffset? LastErrorAt { get; private set; }

    public long Received => Interlocked.Read(ref _received);

    public long ParseFailures => Interlocked.Read(ref _parseFailures);

    public long ConnectAttempts => Interlocked.Read(ref _connectAttempts);

    public DateTimeOffset? LastEventAt
    {
        get
        {
            var ms = Interlocked.Read(ref _lastEventAtMs);
            return ms == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
    }

    public void SetState(IngestSourceState state, DateTimeOffset at)
    {
        if (_state.State != state)
        {
            _state = new StateBox(state, at);
        }
    }

    public void RecordError(string error, DateTimeOffset at)
    {
        _lastError = error;
        LastErrorAt = at;
    }

    public void RecordConnectAttempt() => Interlocked.Increment(ref _connectAttempts);

    public void RecordReceived(DateTimeOffset at)
    {
        Interlocked.Increment(ref _received);
        Interlocked.Exchange(ref _lastEventAtMs, at.ToUnixTimeMilliseconds());
    }

    public void RecordParseFailure() => Interlocked.Increment(ref _parseFailures);

    /// <summary>State and its start time change together, so they travel in one object.</summary>
    private sealed record StateBox(IngestSourceState State, DateTimeOffset? Since);
}
