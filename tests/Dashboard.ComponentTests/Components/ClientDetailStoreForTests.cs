using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;

namespace Dashboard.Tests.Components;

/// <summary>
/// An in-memory <see cref="IHistoryStore"/> for page tests: it answers client queries as the real
/// stores do (event time in [from, until), newest first, limited) and records every query.
/// </summary>
internal sealed partial class InMemoryHistoryStore : IHistoryStore
{
    private readonly Lock _lock = new();
    private readonly List<StoredEvent> _events = [];
    private readonly List<DeadLetter> _deadLetters = [];
    private readonly List<(string ClientId, DateTimeOffset From, DateTimeOffset To, int Limit)> _queries = [];
    private long _nextId;
    private int _reasonReads;

    public string Provider => "memory";


    public bool IsEnabled => true;

    /// <summary>Set to make reads fail, as a database that went away would.</summary>
    public Exception? FailWith { get; set; }

    /// <summary>How many reason reads (series and client lists, failed ones too) reached the store: the load a page puts on the database.</summary>
    public int ReasonReads => Volatile.Read(ref _reasonReads);

    public IReadOnlyList<(string ClientId, DateTimeOffset From, DateTimeOffset To, int Limit)> Queries
    {
        get
        {
            lock (_lock)
            {
                return _queries.ToList();
            }
        }
    }

    public void Add(params ConnectionEvent[] events)
    {
        lock (_lock)
        {
            foreach (var e in events)
            {
                _events.Add(new StoredEvent(++_nextId, e));
            }
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public HistoryWriteError Classify(Exception exception) => HistoryWriteError.Transient(exception.GetType().Name);

    public Task<bool> AddDeadLetterAsync(ConnectionEvent rejected, Exception exception, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _deadLetters.Add(new DeadLetter(_deadLetters.Count + 1, at, rejected.ClientId, "TEST", exception.Message, rejected.RawJson ?? ""));
            return Task.FromResult(true);
        }
    }

    public Task<DeadLetters> GetDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FailWith is { } failure)
            {
                throw failure;
            }

            return Task.FromResult(new DeadLetters(_deadLetters.Count, _deadLetters.AsEnumerable().Reverse().Take(limit).ToList()));
        }
    }

    public Task<string?> GetRawJsonAsync(long eventId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_events.FirstOrDefault(e => e.Id == eventId)?.Event.RawJson);
        }
    }

    public Task<int> AppendAsync(IReadOnlyList<ConnectionEvent> events, CancellationToken cancellationToken)
    {
        Add([.. events]);
        return Task.FromResult(events.Count);
    }

    public Task<IReadOnlyList<StoredEvent>> GetClientEventsAsync(string clientId, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _queries.Add((clientId, from, until, limit));
            if (FailWith is { } failure)
            {
                throw failure;
            }

            IReadOnlyList<StoredEvent> result = _events
                .Where(e => e.ClientId == clientId && e.EventTime >= from && e.EventTime < until)
                .OrderByDescending(e => e.EventTime)
                .ThenByDescending(e => e.Id)
                .Take(limit)
                .ToList();
            return Task.FromResult(result);
        }
    }

    public IAsyncEnumerable<StoredEvent> ExportAsync(DateTimeOffset from, DateTimeOffset until, string? clientId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by the pages.");

    public Task<IReadOnlyList<StoredEvent>> LoadLiveStateSeedAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by the pages.");

    public Task<IReadOnlyList<StoredEvent>> GetReceivedSinceAsync(DateTimeOffset since, long afterId, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by the pages.");

    public Task<int> PruneAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by the pages.");

    public Task<HistoryStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(new HistoryStats(_events.Count, null, null, null));
        }
    }

    /// <summary>The same counts the real stores compute in SQL, by LINQ over the stored events.</summary>
    public Task<IReadOnlyList<ReasonBucket>> GetReasonBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken) =>
        ReasonBucketsOf(from, until, bucket, static _ => true);

    /// <summary>The reason counts of the stored events that <paramref name="keep"/> keeps.</summary>
    private Task<IReadOnlyList<ReasonBucket>> ReasonBucketsOf(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, Func<StoredEvent, bool> keep)
    {
        Interlocked.Increment(ref _reasonReads);
        lock (_lock)
        {
            if (FailWith is { } failure)
            {
                throw failure;
            }

            IReadOnlyList<ReasonBucket> result = _events
                .Where(e => e.EventTime >= from && e.EventTime < until && keep(e))
                .GroupBy(e => (e.EventTime - from).Ticks / bucket.Ticks)
                .OrderBy(g => g.Key)
                .Select(g => new ReasonBucket(
                    from + (bucket * g.Key),
                    g.Where(e => e.Kind == ConnectionEventKind.Disconnected)
                        .GroupBy(e => ReasonBucket.KeyOf(e.Reason), StringComparer.Ordinal)
                        .ToDictionary(r => r.Key, r => (long)r.Count(), StringComparer.Ordinal),
                    g.LongCount(e => e.Kind == ConnectionEventKind.Connected)))
                .ToList();
            return Task.FromResult(result);
        }
    }

    public Task<IReadOnlyList<ReasonClient>> GetClientsByReasonAsync(string reason, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        ClientsByReasonOf(reason, from, until, limit, static _ => true);

    /// <summary>The clients behind <paramref name="reason"/> among the stored events that <paramref name="keep"/> keeps.</summary>
    private Task<IReadOnlyList<ReasonClient>> ClientsByReasonOf(string reason, DateTimeOffset from, DateTimeOffset until, int limit, Func<StoredEvent, bool> keep)
    {
        Interlocked.Increment(ref _reasonReads);
        lock (_lock)
        {
            IReadOnlyList<ReasonClient> result = _events
                .Where(e => e.Kind == ConnectionEventKind.Disconnected && ReasonBucket.KeyOf(e.Reason) == reason && e.EventTime >= from && e.EventTime < until && keep(e))
                .GroupBy(e => e.ClientId, StringComparer.Ordinal)
                .Select(g => new ReasonClient(g.Key, g.LongCount(), g.Max(e => e.EventTime)))
                .OrderByDescending(c => c.Count)
                .ThenByDescending(c => c.LastAt)
                .ThenBy(c => c.ClientId, StringComparer.Ordinal)
                .Take(limit)
                .ToList();
            return Task.FromResult(result);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // i16-store: the refused-connections reads, not used here yet.
    public Task<IReadOnlyList<RefusedBucket>> GetRefusedBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<RefusedOffender>> GetRefusedOffendersAsync(OffenderKey by, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<AuthorizationDenialGroup>> GetAuthorizationDenialsAsync(DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> PruneAccessFailuresAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken) => throw new NotSupportedException();
}
