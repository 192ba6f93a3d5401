using Dashboard.Core.History;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Core.Events;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Notifications;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// How ingestion is going: each source's connection and counters, the pipeline's counters and the
/// payloads that failed to parse. Everything here is small and bounded (a few sources, at most
/// the kept failures), so it is simply re-read every second and on each live change.
/// </summary>
public sealed partial class Diagnostics
{

    private IReadOnlyList<IngestSourceStatus> _sources = [];
    private IReadOnlyList<ParseFailure> _failures = [];
    private (long Received, long Accepted, long Duplicates, long Stale, long ClampedTimes, long ParseFailures, int Backlog, long SubscriberErrors) _counts;
    private DateTimeOffset _now;

    [Inject]
    public required IngestDiagnostics IngestDiagnostics { get; init; }

    [Inject]
    public required IngestChannel Channel { get; init; }

    [Inject]
    public required HistoryStatus History { get; init; }

    private IEnumerable<(string Label, string Value, string TestId, string? Detail)> Counters =>
    [
        ("Received", DisplayFormat.Number(_counts.Received), "count-received", "payloads from all sources"),
        ("Accepted", DisplayFormat.Number(_counts.Accepted), "count-accepted", "applied to live state"),
        ("Duplicates", DisplayFormat.Number(_counts.Duplicates), "count-duplicates", "seen before, dropped"),
        ("Out of order", DisplayFormat.Number(_counts.Stale), "count-stale", "older than what was known"),
        ("Parse failures", DisplayFormat.Number(_counts.ParseFailures), "count-parse-failures", "not a client event"),
        ("Clamped times", DisplayFormat.Number(_counts.ClampedTimes), "count-clamped-times", "too far ahead, set to arrival"),
        ("Channel backlog", DisplayFormat.Number(_counts.Backlog), "count-backlog", $"of {DisplayFormat.Number(Channel.Capacity)}"),
        ("UI update errors", DisplayFormat.Number(_counts.SubscriberErrors), "count-subscriber-errors", "live callbacks that threw"),
    ];

    protected override void ReadState()
    {
        _now = Time.GetUtcNow();
        _sources = IngestDiagnostics.Sources;
        _failures = IngestDiagnostics.RecentFailures();
        _counts = (
            IngestDiagnostics.Received,
            IngestDiagnostics.Accepted,
            IngestDiagnostics.Duplicates,
            IngestDiagnostics.Stale,
            IngestDiagnostics.ClampedTimes,
            IngestDiagnostics.ParseFailures,
            Channel.Backlog,
            Notifier.SubscriberErrors);
    }
}
