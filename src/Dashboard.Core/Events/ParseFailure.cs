namespace Dashboard.Core.Events;

/// <summary>
/// A payload that could not be turned into a <see cref="ConnectionEvent"/> or an <see cref="AccessEvent"/>: why, and what it looked like.
/// Kept for diagnostics; ingestion carries on.
/// </summary>
public sealed record ParseFailure(
    string Error,
    string RawSample,
    string? Topic,
    EventSourceKind Source,
    DateTimeOffset ReceivedAt,
    int PayloadBytes);
