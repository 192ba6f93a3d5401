using Dashboard.Components.Controls;
using Dashboard.Components.Pages;
using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;

namespace Dashboard.ViewModels;

/// <summary>
/// The wallboard's headline state: the summary, whether ingestion is healthy (the alarm across
/// the room), which panels show now, and the few findings and incidents that fit at TV size.
/// Every read copies bounded state, so a board left on for days holds nothing that grows.
/// </summary>
internal sealed class WallboardView(LiveState liveState, IngestDiagnostics diagnostics, ConflictService conflicts, TimeProvider time)
{
    /// <summary>How many findings and incidents fit on the panel at TV size.</summary>
    public const int TopCount = 5;

    /// <summary>When the board opened: the rotation counts from it, and so does staleness before any event.</summary>
    public DateTimeOffset OpenedAt { get; } = time.GetUtcNow();

    /// <summary>The options from the query string (<see cref="WallboardOptions"/>).</summary>
    public WallboardOptions Options { get; set; } = new();

    public LiveSummary Summary { get; private set; } = null!;

    public IngestSourceStatus? Source { get; private set; }

    /// <summary>The newest event seen by live state or by the source.</summary>
    public DateTimeOffset? LastEventAt { get; private set; }

    public IReadOnlyList<Finding> Findings { get; private set; } = [];

    public int FindingCount { get; private set; }

    public IReadOnlyList<Incident> Incidents { get; private set; } = [];

    public int IncidentCount { get; private set; }

    public IReadOnlyList<WallboardPanel> CurrentSet => Options.SetAt(Summary.At - OpenedAt);

    public bool Healthy => SourceConnected && !EventsStale;

    public bool SourceConnected => Source?.State == IngestSourceState.Connected;

    /// <summary>
    /// No event for longer than the threshold. Before the first event the clock starts when the
    /// source connected (or the page opened), so a fresh start is not red at once.
    /// </summary>
    public bool EventsStale => Summary.At - (LastEventAt ?? Source?.StateSince ?? OpenedAt) > Options.Stale;

    public string HealthText => Source is null
        ? "No event source is configured"
        : !SourceConnected
            ? $"MQTT {StateName(Source.State)}"
            : EventsStale
                ? LastEventAt is null
                    ? $"No events for over {(int)Options.Stale.TotalSeconds} s"
                    : $"No events for {DisplayFormat.Relative(LastEventAt, Summary.At).Replace(" ago", string.Empty, StringComparison.Ordinal)}"
                : "Ingestion OK";

    /// <summary>Copies the summary, the source's state and the active findings and incidents.</summary>
    public void Read()
    {
        Summary = liveState.GetSummary();
        Source = IngestSources.Primary(diagnostics);
        LastEventAt = Latest(Summary.LastEventAt, Source?.LastEventAt);

        // Incidents first (fleet-wide), then the worst loops, TopCount rows in all: what fits at TV size.
        var incidents = conflicts.GetIncidents(FindingState.Active);
        IncidentCount = incidents.Count;
        Incidents = incidents.OrderByDescending(i => i.LastSeen).Take(TopCount).ToArray();
        var findings = conflicts.GetFindings(FindingState.Active);
        FindingCount = findings.Count;
        Findings = findings.OrderByDescending(f => f.Severity).ThenByDescending(f => f.Count).Take(TopCount - Incidents.Count).ToArray();
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    private static string StateName(IngestSourceState state) => state.ToString().ToLowerInvariant();
}
