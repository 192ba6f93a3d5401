using Dashboard.Core.History;
using Dashboard.Core.Ingestion;

namespace Dashboard.Api;

/// <summary><c>/api/ingest/status</c>: how ingestion is doing, per source and overall.</summary>
internal static class IngestApi
{
    public static void MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ingest/status", (IngestDiagnostics diagnostics, IngestChannel channel, HistoryStatus history) => Results.Ok(new IngestStatusDto(
            diagnostics.Received,
            diagnostics.Accepted,
            diagnostics.Duplicates,
            diagnostics.ParseFailures,
            diagnostics.Stale,
            diagnostics.ClampedTimes,
            channel.Backlog,
            diagnostics.Sources.Select(IngestSourceDto.From).ToArray(),
            HistoryStatusDto.From(history),
            AccessStatusDto.From(diagnostics.Access))));
    }
}

public sealed record IngestStatusDto(
    long Received,
    long Accepted,
    long Duplicates,
    long ParseFailures,
    long OutOfOrder,
    long ClampedTimes,
    int Backlog,
    IReadOnlyList<IngestSourceDto> Sources,
    HistoryStatusDto History,
    AccessStatusDto Access);

/// <summary>
/// What the connack, authentication and authorization events said since start. Successes are only
/// counted; "refused" holds the refused CONNECTs per MQTT 5 reason code (at most 64 codes, then "other").
/// </summary>
public sealed record AccessStatusDto(
    long ConnackSuccesses,
    IReadOnlyDictionary<string, long> Refused,
    long AuthenticationSuccesses,
    long AuthenticationFailures,
    long AuthorizationsAllowed,
    long AuthorizationsDenied,
    long Repeats)
{
    /// <summary>Every access event counted: with accepted, duplicates and parse failures, it makes up what was received.</summary>
    public long Total => ConnackSuccesses + Refused.Values.Sum() + AuthenticationSuccesses + AuthenticationFailures + AuthorizationsAllowed + AuthorizationsDenied + Repeats;

    public static AccessStatusDto From(AccessCounts a) => new(
        a.ConnackSuccesses,
        a.Refused.Snapshot().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        a.AuthenticationSuccesses,
        a.AuthenticationFailures,
        a.AuthorizationsAllowed,
        a.AuthorizationsDenied,
        a.Repeats);
}

/// <summary>
/// How history writing is going: "failing" means ingestion waits for the store. "deadLettered" counts
/// events the store rejected for good (kept in its dead-letter table), "lost" those whose dead
/// letter was rejected too; both since start.
/// </summary>
public sealed record HistoryStatusDto(
    string Provider,
    long Stored,
    long AlreadyStored,
    long WriteFailures,
    bool Failing,
    string? LastError,
    DateTime? LastErrorAt,
    DateTime? LastWriteAt,
    long DeadLettered,
    long Lost)
{
    public static HistoryStatusDto From(HistoryStatus s) => new(
        s.Provider, s.Stored, s.AlreadyStored, s.WriteFailures, s.Failing, s.LastError, s.LastErrorAt?.UtcDateTime, s.LastWriteAt?.UtcDateTime,
        s.DeadLettered, s.Lost);
}

public sealed record IngestSourceDto(
    string Name,
    string Description,
    IngestSourceState State,
    DateTime? StateSince,
    DateTime? LastEventAt,
    string? LastError,
    DateTime? LastErrorAt,
    long Received,
    long ParseFailures,
    long ConnectAttempts)
{
    public static IngestSourceDto From(IngestSourceStatus s) => new(
        s.Name,
        s.Description,
        s.State,
        s.StateSince?.UtcDateTime,
        s.LastEventAt?.UtcDateTime,
        s.LastError,
        s.LastErrorAt?.UtcDateTime,
        s.Received,
        s.ParseFailures,
        s.ConnectAttempts);
}
