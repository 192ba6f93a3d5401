using Dashboard.Components.Controls.Formatting;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Controls.Lists;

/// <summary>
/// The drill-down's event list, with the client's access failures (refused connects, failed
/// authentications, authorization denials) among the events in time order, marked by kind and
/// with each refusal's meaning and advice (<see cref="ClientEventRow"/>). It gets the events the page loaded (one client, one range, capped
/// by the page's limit), so filtering happens here in memory; the filters survive a live reload
/// because only <see cref="Events"/> changes. The table is virtualised: however many events the
/// range holds (up to the page's limit of thousands), the browser only gets the rows in view, and
/// the engineer scrolls through them instead of paging. The filters are the page's (it keeps them in
/// its URL): a choice here is reported, and the page sets them back.
/// </summary>
public sealed partial class ClientEventsTable
{
    private const string AllValue = "";
    private const string ConnectedValue = "connected";
    private const string DisconnectedValue = "disconnected";
    private const string FailuresValue = "failures";

    private static readonly ClientEventRowKind[] FailureKinds = [ClientEventRowKind.Refused, ClientEventRowKind.AuthnFailed, ClientEventRowKind.Denied];

    /// <summary>Every kind filter but "all": the names a link may carry.</summary>
    public static readonly IReadOnlyList<string> KindFilters = [ConnectedValue, DisconnectedValue, FailuresValue, .. FailureKinds.Select(ClientEventRow.KindName)];

    // A fixed box the rows scroll in; the row height is the estimate Virtualize uses to size the
    // scroll range (rows with an explanation under the reason are taller, which it tolerates).
    private const string TableHeight = "min(70vh, 720px)";
    private const float RowHeight = 72;

    /// <summary>Why an event's time may not be the broker's: see <see cref="ConnectionEvent.TimeClamped"/>.</summary>
    internal const string TimeClampedNote = "The broker's time was ahead of ours by more than the allowed clock skew (Ingest:MaxClockSkew); this is when the event arrived.";

    private IReadOnlyList<StoredEvent>? _source;
    private IReadOnlyList<StoredAccessFailure>? _failuresSource;
    private List<ClientEventRow> _rows = [];
    private List<ClientEventRow> _shown = [];
    private IReadOnlyList<string> _reasons = [];
    private (string Kind, string Reason)? _filtered;

    /// <summary>Newest first, as the store returns them.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<StoredEvent> Events { get; set; } = [];

    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    /// <summary>Set when the page's limit cut the list: the oldest events of the range are missing.</summary>
    [Parameter]
    public bool Truncated { get; set; }

    /// <summary>The client's access failures in the same range, newest first; none by default.</summary>
    [Parameter]
    public IReadOnlyList<StoredAccessFailure> AccessFailures { get; set; } = [];

    /// <summary>Set when the page's limit cut the access failures: the oldest of the range are missing.</summary>
    [Parameter]
    public bool FailuresTruncated { get; set; }

    /// <summary>The kind shown (one of <see cref="KindFilters"/>); null for all.</summary>
    [Parameter]
    public string? Kind { get; set; }

    /// <summary>The reason shown; null for all.</summary>
    [Parameter]
    public string? Reason { get; set; }

    /// <summary>Called with a kind chosen (null for all); the page sets <see cref="Kind"/>.</summary>
    [Parameter]
    public EventCallback<string?> KindChanged { get; set; }

    /// <summary>Called with a reason chosen (null for all); the page sets <see cref="Reason"/>.</summary>
    [Parameter]
    public EventCallback<string?> ReasonChanged { get; set; }

    private string KindValue => Kind ?? AllValue;

    private string ReasonValue => Reason ?? AllValue;

    private string CountText
    {
        get
        {
            var shown = _shown.Count == _rows.Count
                ? $"{DisplayFormat.Number(_rows.Count)} {(_rows.Count == 1 ? "event" : "events")}"
                : $"{DisplayFormat.Number(_shown.Count)} of {DisplayFormat.Number(_rows.Count)} events";
            if (AccessFailures.Count > 0)
            {
                shown += $" ({DisplayFormat.Number(AccessFailures.Count)} refused or denied)";
            }

            return Truncated || FailuresTruncated ? $"{shown} (the newest; narrow the range to see older ones)" : shown;
        }
    }

    private string NoRecordsText => _rows.Count == 0 ? "No events in this range." : "No event matches the filters.";

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_source, Events) && ReferenceEquals(_failuresSource, AccessFailures) && _filtered == (KindValue, ReasonValue))
        {
            return;
        }

        if (!ReferenceEquals(_source, Events) || !ReferenceEquals(_failuresSource, AccessFailures))
        {
            (_source, _failuresSource) = (Events, AccessFailures);
            _rows = ClientEventRow.Merge(Events, AccessFailures);
            _reasons = _rows.Where(e => e.Reason is not null).Select(e => e.Reason!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }

        ApplyFilters();
    }

    /// <summary>The Kind column's class: access failures stand out from the connection events.</summary>
    private static string KindClass(ClientEventRowKind kind) => kind switch
    {
        ClientEventRowKind.Connected => "connected",
        ClientEventRowKind.Disconnected => "disconnected",
        _ => "failure",
    };

    private static string RowClass(ClientEventRow row, int index) => row.IsFailure ? "failure-row" : string.Empty;

    /// <summary>Which authorization source denied; "default" is EMQX's no_match setting, no rule matched.</summary>
    internal static string DenialSourceText(string? source) => source switch
    {
        null or "" => "denied (source not reported)",
        "default" => "denied by default: no ACL rule matched (authorization.no_match)",
        "cache" => "denied by a cached decision (the authorization cache; the source that decided is not named)",
        _ => $"denied by source {source}",
    };

    internal static string SourceName(EventSourceKind source) => source switch
    {
        EventSourceKind.Mqtt => "mqtt",
        EventSourceKind.Sys => "$SYS",
        EventSourceKind.Webhook => "webhook",
        EventSourceKind.Rest => "EMQX API",
        _ => source.ToString(),
    };

    private Task OnKindChanged(string kind) => KindChanged.InvokeAsync(kind == AllValue ? null : kind);

    private Task OnReasonChanged(string reason) => ReasonChanged.InvokeAsync(reason == AllValue ? null : reason);

    private void ApplyFilters()
    {
        var (kind, reason) = (KindValue, ReasonValue);
        _filtered = (kind, reason);
        IEnumerable<ClientEventRow> shown = _rows;
        if (kind == FailuresValue)
        {
            shown = shown.Where(e => e.IsFailure);
        }
        else if (kind != AllValue)
        {
            shown = shown.Where(e => ClientEventRow.KindName(e.Kind) == kind);
        }

        if (reason != AllValue)
        {
            shown = shown.Where(e => string.Equals(e.Reason, reason, StringComparison.Ordinal));
        }

        _shown = shown.ToList();
    }
}
