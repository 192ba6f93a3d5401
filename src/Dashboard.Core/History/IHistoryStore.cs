using Dashboard.Core.Events;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.History;

/// <summary>
/// Durable history of every accepted event, for drill-down, audit, export and rebuilding live
/// state at start-up. Implementations: SQLite (the embedded default) and PostgreSQL (scale-out),
/// with the same schema and behaviour. Writes come from the one pipeline, in batches.
/// </summary>
public partial interface IHistoryStore : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres"; "none" when history is off.</summary>
    string Provider { get; }

    /// <summary>
    /// False when history is off (<c>History:Provider none</c>): the store is still registered, as a
    /// <see cref="DisabledHistoryStore"/>, and every reader checks this instead of asking for null.
    /// </summary>
    bool IsEnabled { get; }

    /// <summary>Creates the schema, or migrates it to the current version. Safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores a batch in one transaction. An event whose identity (client ID, kind, event time in
    /// ms, peer IP) is already stored is skipped, so redelivery and retries are no-ops.
    /// Returns how many events were new. When this returns, the batch is durable.
    /// </summary>
    Task<int> AppendAsync(IReadOnlyList<ConnectionEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a failed <see cref="AppendAsync"/> or <see cref="AddDeadLetterAsync"/> can never
    /// succeed with the same rows (the database rejects a value: PostgreSQL SQLSTATE classes 22 and 23,
    /// SQLite constraint and datatype errors), and the error's code. Anything else is transient: retried.
    /// </summary>
    HistoryWriteError Classify(Exception exception);

    /// <summary>
    /// Keeps an event the store rejects permanently, with <paramref name="exception"/>, in the dead-letter
    /// table. Returns false when that event (same identity) is already there, e.g. after a redelivery.
    /// </summary>
    Task<bool> AddDeadLetterAsync(ConnectionEvent rejected, Exception exception, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>How many dead letters there are, and the newest <paramref name="limit"/> of them, newest first.</summary>
    Task<DeadLetters> GetDeadLettersAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// One stored event's raw payload (<see cref="StoredEvent.Id"/>), or null when there is none.
    /// Lists and exports leave it out: it is most of a row's size, and nothing lists it.
    /// </summary>
    Task<string?> GetRawJsonAsync(long eventId, CancellationToken cancellationToken);

    /// <summary>One client's events with event time in [from, until), newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredEvent>> GetClientEventsAsync(string clientId, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>Every event with event time in [from, until), optionally of one client, oldest first, streamed.</summary>
    IAsyncEnumerable<StoredEvent> ExportAsync(DateTimeOffset from, DateTimeOffset until, string? clientId, CancellationToken cancellationToken);

    /// <summary>
    /// What live state needs at start-up to know who was online: for each client, its latest
    /// connect and every event at or after that connect's event time; and for clients without a
    /// connect since <paramref name="since"/>, their latest disconnect since then. Ordered by
    /// event time, then by storage order.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> LoadLiveStateSeedAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// The events received (<see cref="ConnectionEvent.ReceivedAt"/>, by whichever instance stored them)
    /// at or after <paramref name="since"/> and stored after <paramref name="afterId"/>, in storage
    /// order, at most <paramref name="limit"/>: one page of what a new MQTT session missed (see
    /// <c>HistoryCatchUp</c>); the next page starts after the last <see cref="StoredEvent.Id"/>.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> GetReceivedSinceAsync(DateTimeOffset since, long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Stores refused connects, failed authentications and authorization denials
    /// (<see cref="AccessEvent.IsFailure"/>) in one transaction, apart from the connection events; a
    /// repeat (same <see cref="AccessEvent.Identity"/>) is skipped. Returns how many were new.
    /// </summary>
    Task<int> AppendAccessFailuresAsync(IReadOnlyList<AccessEvent> failures, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="batchSize"/> events older than <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken);

    Task<HistoryStats> GetStatsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Disconnects per reason (verbatim; <see cref="ReasonBucket.NoReason"/> for none) and connects,
    /// per bucket of <paramref name="bucket"/> counted from <paramref name="from"/>, for event times in
    /// [from, until). Counted in the database; only buckets with events, oldest first.
    /// </summary>
    Task<IReadOnlyList<ReasonBucket>> GetReasonBucketsAsync(DateTimeOffset from, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken);

    /// <summary>
    /// The clients that disconnected with <paramref name="reason"/> in [from, until): how often and
    /// when last, most frequent first (then most recent), at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<ReasonClient>> GetClientsByReasonAsync(string reason, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// An event as stored: the event and its storage sequence number. The event's <see cref="ConnectionEvent.RawJson"/>
/// is null in what the store lists; <see cref="IHistoryStore.GetRawJsonAsync"/> reads it for one event.
/// </summary>
public sealed record StoredEvent(long Id, ConnectionEvent Event)
{
    // The columns a session timeline, summary or events table reads on every row, forwarded so that
    // they read e.PeerIp rather than e.Event.PeerIp. The rest (source, received, raw JSON) via Event.
    public string ClientId => Event.ClientId;

    public ConnectionEventKind Kind => Event.Kind;

    public DateTimeOffset EventTime => Event.EventTime;

    public DateTimeOffset? ConnectedAt => Event.ConnectedAt;

    public string? Username => Event.Username;

    public string? PeerIp => Event.PeerIp;

    public int? PeerPort => Event.PeerPort;

    public string? Node => Event.Node;

    public string? Reason => Event.Reason;

    public int? Keepalive => Event.Keepalive;

    public bool? CleanStart => Event.CleanStart;

    public long? ExpiryIntervalSeconds => Event.ExpiryIntervalSeconds;

    public int? ProtoVer => Event.ProtoVer;
}

/// <summary>How much history there is.</summary>
public sealed record HistoryStats(long EventCount, DateTimeOffset? Oldest, DateTimeOffset? Newest, long? SizeBytes);
