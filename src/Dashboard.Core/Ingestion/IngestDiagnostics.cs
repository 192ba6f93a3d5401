using Dashboard.Core.Events;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// Counters over every source and the last parse failures with their raw payloads. Thread-safe:
/// sources record what they receive and what fails to parse; the pipeline records what it accepted.
/// </summary>
public sealed class IngestDiagnostics(int failuresKept = 50)
{
    private readonly List<IngestSourceStatus> _sources = [];
    private readonly Queue<ParseFailure> _failures = new();
    private readonly Lock _failuresLock = new();
    private long _received;
    private long _parseFailures;
    private long _accepted;
    private long _duplicates;
    private long _stale;
    private long _clampedTimes;
    private long _connects;

    public long Received => Interlocked.Read(ref _received);

    public long ParseFailures => Interlocked.Read(ref _parseFailures);

    /// <summary>Events applied to live state (neither a failure nor a duplicate).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Accepted events that arrived after newer ones and so changed nothing.</summary>
    public long Stale => Interlocked.Read(ref _stale);

    /// <summary>Parsed events whose time was too far ahead of their receive time and was clamped to it.</summary>
    public long ClampedTimes => Interlocked.Read(ref _clampedTimes);

    /// <summary>Connects applied to live state (not a merge of one seen before), since start.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Disconnects applied to live state, since start, per reason (bounded).</summary>
    public ReasonCounts Disconnects { get; } = new();

    /// <summary>Connacks, authentications and authorizations, counted by the pipeline (never applied to live state).</summary>
    public AccessCounts Access { get; } = new();

    public IngestSourceStatus AddSource(string name, string description)
    {
        var status = new IngestSourceStatus(name, description);
        lock (_sources)
        {
            _sources.Add(status);
        }

        return status;
    }

    public IReadOnlyList<IngestSourceStatus> Sources
    {
        get
        {
            lock (_sources)
            {
                return _sources.ToArray();
            }
        }
    }

    /// <summary>Counts one payload received by a source, whatever becomes of it.</summary>
    public void RecordReceived(IngestSourceStatus source, DateTimeOffset at)
    {
        Interlocked.Increment(ref _received);
        source.RecordReceived(at);
    }

    public void RecordParseFailure(IngestSourceStatus source, ParseFailure failure)
    {
        Interlocked.Increment(ref _parseFailures);
        source.RecordParseFailure();
        lock (_failuresLock)
        {
            _failures.Enqueue(failure);
            while (_failures.Count > failuresKept)
            {
                _failures.Dequeue();
            }
        }
    }

    public void RecordClampedTime() => Interlocked.Increment(ref _clampedTimes);

    /// <summary>The kept parse failures, newest first.</summary>
    public IReadOnlyList<ParseFailure> RecentFailures()
    {
        lock (_failuresLock)
        {
            return _failures.Reverse().ToArray();
        }
    }

    internal void RecordConnection(ConnectionEventKind kind, string? reason)
    {
        if (kind == ConnectionEventKind.Connected)
        {
            Interlocked.Increment(ref _connects);
        }
        else
        {
            Disconnects.Add(reason);
        }
    }

    internal void RecordApplied(long accepted, long duplicates, long stale)
    {
        Interlocked.Add(ref _accepted, accepted);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _stale, stale);
    }
}
