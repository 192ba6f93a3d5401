using Dashboard.Core.Ingestion;

namespace Dashboard.Api;

/// <summary><c>/api/ingest/status</c>: how ingestion is doing, per source and overall.</summary>
internal static class IngestApi
{
    public static void MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ingest/status", (IngestDiagnostics diagnostics, IngestChannel channel) => Results.Ok(new IngestStatusDto(
            diagnostics.Received,
            diagnostics.Accepted,
            diagnostics.Duplicates,
            diagnostics.ParseFailures,
            diagnostics.Stale,
            channel.Backlog,
            diagnostics.Sources.Select(IngestSourceDto.From).ToArray())));
    }
}

public sealed record IngestStatusDto(
    long Received,
    long Accepted,
    long Duplicates,
    long ParseFailures,
    long OutOfOrder,
    int Backlog,
    IReadOnlyList<IngestSourceDto> Sources);

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
