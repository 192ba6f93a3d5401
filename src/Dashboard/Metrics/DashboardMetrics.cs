using System.Diagnostics.Metrics;
using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;

namespace Dashboard.Metrics;

/// <summary>
/// The dashboard's own instruments, on one meter. Almost all are observable: they read the counters
/// that /api/ingest/status and the pages read, at collection time, so the two views cannot disagree.
/// The one exception is the write-duration histogram, which hears each write as it happens.
/// Names are chosen so that the Prometheus exporter's rules give the documented names: counters get
/// <c>_total</c>, and the unit "s" gives <c>_seconds</c>.
/// </summary>
internal sealed class DashboardMetrics
{
    public const string MeterName = "Dashboard";
    public const string SourceTag = "source";
    public const string ReasonTag = "reason";
    public const string KindTag = "kind";
    public const string ReasonCodeTag = "reason_code";

    public DashboardMetrics(
        IMeterFactory meters,
        IngestDiagnostics ingest,
        IngestChannel channel,
        HistoryStatus history,
        LiveState live,
        ConflictService conflicts,
        ActiveConnections connections)
    {
        var meter = meters.Create(MeterName);

        meter.CreateObservableCounter("dashboard_events_received", () => PerSource(ingest, s => s.Received), description: "Payloads received, per source, whatever became of them.");
        meter.CreateObservableCounter("dashboard_events_accepted", () => ingest.Accepted, description: "Events applied to live state.");
        meter.CreateObservableCounter("dashboard_events_duplicates", () => ingest.Duplicates, description: "Events seen before (redelivered, or from two sources).");
        meter.CreateObservableCounter("dashboard_events_parse_failures", () => PerSource(ingest, s => s.ParseFailures), description: "Payloads that could not be parsed, per source.");
        meter.CreateObservableGauge("dashboard_ingest_backlog", () => channel.Backlog, description: "Events waiting in the ingest channel.");

        var writes = meter.CreateHistogram<double>("dashboard_history_write_duration", unit: "s", description: "Time to store one batch of events in history.");
        history.WriteTimed += duration => writes.Record(duration.TotalSeconds);
        meter.CreateObservableCounter("dashboard_history_write_failures", () => history.WriteFailures, description: "History writes that failed and were retried.");

        meter.CreateObservableGauge("dashboard_clients_online", () => live.GetSummary().Online, description: "Clients online now.");
        meter.CreateObservableGauge("dashboard_clients_known", () => live.GetSummary().Known, description: "Clients in live state, online or offline.");
        meter.CreateObservableCounter("dashboard_connects", () => ingest.Connects, description: "Connects applied to live state.");
        meter.CreateObservableCounter("dashboard_disconnects", () => PerReason(ingest.Disconnects), description: "Disconnects applied to live state, per reason (at most 64 reasons, then \"other\").");
        meter.CreateObservableCounter("dashboard_connects_refused", () => PerReason(ingest.Access.Refused, ReasonCodeTag), description: "Refused CONNECTs (a CONNACK other than success), per MQTT 5 reason code (at most 64 codes, then \"other\").");

        meter.CreateObservableGauge("dashboard_findings_active", () => ActiveFindings(conflicts), description: "Active conflict findings and fleet incidents, per kind.");
        meter.CreateObservableGauge("dashboard_source_connected", () => PerSource(ingest, s => s.State == IngestSourceState.Connected ? 1 : 0), description: "1 while the source is connected, else 0.");
        meter.CreateObservableGauge("dashboard_circuits_active", () => connections.Circuits, description: "Open Blazor circuits (browser tabs on the dashboard).");
        meter.CreateObservableGauge("dashboard_hub_connections", () => connections.HubConnections, description: "Connections to the live hub.");
    }

    private static IEnumerable<Measurement<long>> PerSource(IngestDiagnostics ingest, Func<IngestSourceStatus, long> value) =>
        ingest.Sources.Select(s => new Measurement<long>(value(s), new KeyValuePair<string, object?>(SourceTag, s.Name)));

    private static IEnumerable<Measurement<long>> PerReason(ReasonCounts reasons, string tag = ReasonTag) =>
        reasons.Snapshot().Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>(tag, p.Key)));

    /// <summary>
    /// Every kind of finding and of fleet incident (mass-disconnect, auth-failure-burst,
    /// refused-connections), with 0 where none is active, so a panel or an alert sees the series at all times.
    /// </summary>
    private static IEnumerable<Measurement<long>> ActiveFindings(ConflictService conflicts)
    {
        var active = conflicts.GetFindings(FindingState.Active);
        var incidents = conflicts.GetIncidents(FindingState.Active);
        return Enum.GetValues<FindingKind>().Select(kind => new Measurement<long>(
            active.Count(f => f.Kind == kind),
            new KeyValuePair<string, object?>(KindTag, FindingTexts.Name(kind))))
            .Concat(Enum.GetValues<IncidentKind>().Select(kind => new Measurement<long>(
                incidents.Count(i => i.Kind == kind),
                new KeyValuePair<string, object?>(KindTag, FindingTexts.Name(kind)))));
    }
}
