using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Tests.Ingestion;

/// <summary>
/// An in-memory store for the pipeline tests. It can fail its first appends (a transient error), and
/// reject for good any batch holding a poisoned event, as a database rejects a value it cannot take:
/// the whole transaction fails and nothing of it is kept.
/// </summary>
internal sealed class RecordingStore : IHistoryStore
{
    public List<ConnectionEvent> Events { get; } = [];

    public int FailuresBeforeSuccess { get; set; }

    /// <summary>When set, the first append waits for it: a slow disk.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>How many events each append was given.</summary>
    public List<int> Appends { get; } = [];

    /// <summary>Events the store rejects for good (a batch holding one fails whole).</summary>
    public Func<ConnectionEvent, bool> IsPoisoned { get; set; } = _ => false;

    /// <summary>When true, a dead letter is rejected for good too.</summary>
    public bool RejectDeadLetters { get; set; }

    public List<(ConnectionEvent Event, string Error)> DeadLetters { get; } = [];

    public string Provider => "test";


    public bool IsEnabled => true;

    public async Task<int> AppendAsync(IReadOnlyList<ConnectionEvent> events, CancellationToken cancellationToken)
    {
        if (FailuresBeforeSuccess-- > 0)
        {
            throw new IOException("disk full");
        }

        lock (Appends)
        {
            Appends.Add(events.Count);
        }

        if (Gate is { } gate && Appends.Count == 1)
        {
            await gate.Task;
        }

        if (events.Any(IsPoisoned))
        {
            throw new InvalidDataException("invalid byte sequence");
        }

        Events.AddRange(events);
        return events.Count;
    }

    /// <summary>Its own poison (<see cref="InvalidDataException"/>) is permanent; anything else is transient.</summary>
    public HistoryWriteError Classify(Exception exception) => exception is InvalidDataException
        ? HistoryWriteError.Permanent("POISON")
        : HistoryWriteError.Transient(exception.GetType().Name);

    public Task<bool> AddDeadLetterAsync(ConnectionEvent rejected, Exception exception, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (RejectDeadLetters)
        {
            throw new InvalidDataException("dead letter rejected too");
        }

        DeadLetters.Add((rejected, exception.Message));
        return Task.FromResult(true);
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<DeadLetters> GetDeadLettersAsync(int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string?> GetRawJsonAsync(long eventId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<StoredEvent>> GetClientEventsAsync(string clientId, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<StoredEvent> ExportAsync(DateTimeOffset from, DateTimeOffset until, string? clientId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<StoredEvent>> LoadLiveStateSeedAsync(DateTimeOffset since, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary>The access failures stored, in order; a repeat (same identity) is skipped, as in the real stores.</summary>
    public List<AccessEvent> AccessFailures { get; } = [];

    /// <summary>How many access-failure writes fail (a transient error) before they succeed.</summary>
    public int AccessFailuresBeforeSuccess { get; set; }

    /// <summary>Access failures the store rejects for good (a batch holding one fails whole).</summary>
    public Func<AccessEvent, bool> IsAccessPoisoned { get; set; } = _ => false;

    /// <summary>How many access failures each access write was given.</summary>
    public List<int> AccessAppends { get; } = [];

    public Task<int> AppendAccessFailuresAsync(IReadOnlyList<AccessEvent> failures, CancellationToken cancellationToken)
    {
        if (AccessFailuresBeforeSuccess-- > 0)
        {
            throw new IOException("disk full");
        }

        AccessAppends.Add(failures.Count);
        if (failures.Any(IsAccessPoisoned))
        {
            throw new InvalidDataException("invalid byte sequence");
        }

        int added = 0;
        foreach (var failure in failures.Where(f => !AccessFailures.Any(s => s.Identity == f.Identity)))
        {
            AccessFailures.Add(failure);
            added++;
        }

        return Task.FromResult(added);
    }

    public Task<IReadOnlyList<StoredEvent>> GetReceivedSinceAsync(DateTimeOffset since, long afterId, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> PruneAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<HistoryStats> GetStatsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<ReasonBucket>> GetReasonBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<ReasonClient>> GetClientsByReasonAsync(string reason, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // i16-store: the refused-connections reads, not used here yet.
    public Task<IReadOnlyList<StoredAccessFailure>> GetAccessFailuresAsync(AccessFailureFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<RefusedBucket>> GetRefusedBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<RefusedOffender>> GetRefusedOffendersAsync(OffenderKey by, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<AuthorizationDenialGroup>> GetAuthorizationDenialsAsync(DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> GetRefusedClientIdsAsync(string prefix, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<StoredEvent>> GetOnlineAtAsync(DateTimeOffset at, string? afterClientId, int limit, string? username, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<StoredEvent>> GetDisconnectsAsync(DateTimeOffset from, long afterId, DateTimeOffset until, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> PruneAccessFailuresAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken) => throw new NotSupportedException();
}
