using System.Runtime.CompilerServices;
using Dashboard.Core.Events;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.History;

/// <summary>
/// The store registered when history is off (<c>History:Provider none</c>), so that every reader can
/// take an <see cref="IHistoryStore"/> and check <see cref="IsEnabled"/>. Readers check it first; if
/// one does not, reads find nothing, and writes, which nothing may ask of it, fail loudly.
/// </summary>
public sealed class DisabledHistoryStore : IHistoryStore
{
    public string Provider => "none";

    public bool IsEnabled => false;

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<int> AppendAsync(IReadOnlyList<ConnectionEvent> events, CancellationToken cancellationToken) =>
        throw Off();

    public HistoryWriteError Classify(Exception exception) => HistoryWriteError.Transient("none");

    public Task<bool> AddDeadLetterAsync(ConnectionEvent rejected, Exception exception, DateTimeOffset at, CancellationToken cancellationToken) =>
        throw Off();

    public Task<DeadLetters> GetDeadLettersAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult(new DeadLetters(0, []));

    public Task<string?> GetRawJsonAsync(long eventId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task<IReadOnlyList<StoredEvent>> GetClientEventsAsync(string clientId, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredEvent>>([]);

    public async IAsyncEnumerable<StoredEvent> ExportAsync(DateTimeOffset from, DateTimeOffset until, string? clientId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }

    public Task<IReadOnlyList<StoredEvent>> LoadLiveStateSeedAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredEvent>>([]);

    public Task<IReadOnlyList<StoredEvent>> GetReceivedSinceAsync(DateTimeOffset since, long afterId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredEvent>>([]);

    public Task<int> AppendAccessFailuresAsync(IReadOnlyList<AccessEvent> failures, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<int> PruneAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<HistoryStats> GetStatsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new HistoryStats(0, null, null, null));

    public Task<IReadOnlyList<ReasonBucket>> GetReasonBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReasonBucket>>([]);

    public Task<IReadOnlyList<ReasonClient>> GetClientsByReasonAsync(string reason, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReasonClient>>([]);

    public Task<IReadOnlyList<StoredAccessFailure>> GetAccessFailuresAsync(AccessFailureFilter filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredAccessFailure>>([]);

    public Task<IReadOnlyList<RefusedBucket>> GetRefusedBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RefusedBucket>>([]);

    public Task<IReadOnlyList<RefusedOffender>> GetRefusedOffendersAsync(OffenderKey by, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RefusedOffender>>([]);

    public Task<IReadOnlyList<AuthorizationDenialGroup>> GetAuthorizationDenialsAsync(DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuthorizationDenialGroup>>([]);

    public Task<IReadOnlyList<string>> GetRefusedClientIdsAsync(string prefix, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public Task<int> PruneAccessFailuresAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<IReadOnlyList<StoredEvent>> GetOnlineAtAsync(DateTimeOffset at, string? afterClientId, int limit, string? username, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredEvent>>([]);

    public Task<IReadOnlyList<StoredEvent>> GetDisconnectsAsync(DateTimeOffset from, long afterId, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredEvent>>([]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static InvalidOperationException Off() => new("History is off (History:Provider none): nothing can be written to it.");
}
