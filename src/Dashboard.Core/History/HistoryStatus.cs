namespace Dashboard.Core.History;

/// <summary>How history writing is going, for diagnostics. Written by the pipeline, read by any page.</summary>
public sealed class HistoryStatus(string provider)
{
    private long _stored;
    private long _skipped;
    private long _failures;
    private long _deadLettered;
    private long _lost;
    private long _lastWriteAtMs;
    private volatile ErrorBox? _lastError;

    /// <summary>"sqlite", "postgres", or "none" when history is off.</summary>
    public string Provider { get; } = provider;

    public bool Enabled => Provider != "none";

    /// <summary>Events written.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Events the store already had (redelivered, or seen from two sources).</summary>
    public long AlreadyStored => Interlocked.Read(ref _skipped);

    /// <summary>Batch writes that failed and were retried.</summary>
    public long WriteFailures => Interlocked.Read(ref _failures);

    /// <summary>Events the store rejected for good (a permanent error), kept in its dead-letter table instead.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Rejected events whose dead letter could not be written either: dropped, so ingestion goes on.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    public DateTimeOffset? LastWriteAt
    {
        get
        {
            var ms = Interlocked.Read(ref _lastWriteAtMs);
            return ms == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
    }

    public string? LastError => _lastError?.Message;

    public DateTimeOffset? LastErrorAt => _lastError?.At;

    /// <summary>True while the last attempt failed: ingestion is waiting for the store.</summary>
    public bool Failing { get; private set; }

    /// <summary>Hears how long each accepted write took (for the write-duration histogram).</summary>
    public event Action<TimeSpan>? WriteTimed;

    public void RecordWrite(int batchSize, int stored, DateTimeOffset at, TimeSpan duration)
    {
        WriteTimed?.Invoke(duration);
        Interlocked.Add(ref _stored, stored);
        Interlocked.Add(ref _skipped, batchSize - stored);
        Interlocked.Exchange(ref _lastWriteAtMs, at.ToUnixTimeMilliseconds());
        Failing = false;
    }

    /// <summary>
    /// A write of access failures (refused connects, denials) went through: the store works again. Not
    /// added to <see cref="Stored"/>, which counts connection events, nor timed in the histogram.
    /// </summary>
    public void RecordAccessWrite(DateTimeOffset at)
    {
        Interlocked.Exchange(ref _lastWriteAtMs, at.ToUnixTimeMilliseconds());
        Failing = false;
    }

    public void RecordFailure(string message, DateTimeOffset at)
    {
        Interlocked.Increment(ref _failures);
        _lastError = new ErrorBox(message, at);
        Failing = true;
    }

    public void RecordDeadLetter() => Interlocked.Increment(ref _deadLettered);

    public void RecordLost() => Interlocked.Increment(ref _lost);

    private sealed record ErrorBox(string Message, DateTimeOffset At);
}
