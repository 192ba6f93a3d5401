using Dashboard.Components.Controls.Formatting;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Controls.Lists;

/// <summary>
/// The drill-down's event list. It gets the events the page loaded (one client, one range, capped
/// by the page's limit), so filtering happens here in memory; the filters survive a live reload
/// because only <see cref="Events"/> changes. The table is virtualised: however many events the
/// range holds (up to the page's limit of thousands), the browser only gets the rows in view, and
/// the engineer scrolls through them instead of paging.
/// </summary>
public sealed partial class ClientEventsTable
{
    private const string AllValue = "";
    private const string ConnectedValue = "connected";
    private const string DisconnectedValue = "disconnected";

    // A fixed box the rows scroll in; the row height is the estimate Virtualize uses to size the
    // scroll range (rows with an explanation under the reason are taller, which it tolerates).
    private const string TableHeight = "min(70vh, 720px)";
    private const float RowHeight = 72;

    /// <summary>Why an event's time may not be the broker's: see <see cref="ConnectionEvent.TimeClamped"/>.</summary>
    internal const string TimeClampedNote = "The broker's time was ahead of ours by more than the allowed clock skew (Ingest:MaxClockSkew); this is when the event arrived.";

    private IReadOnlyList<StoredEvent>? _source;
    private List<StoredEvent> _shown = [];
    private IReadOnlyList<string> _reasons = [];
    private string _kind = AllValue;
    private string _reason = AllValue;

    /// <summary>Newest first, as the store returns them.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<StoredEvent> Events { get; set; } = [];

    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    /// <summary>Set when the page's limit cut the list: the oldest events of the range are missing.</summary>
    [Parameter]
    public bool Truncated { get; set; }

    private string CountText
    {
        get
        {
            var shown = _shown.Count == Events.Count
                ? $"{DisplayFormat.Number(Events.Count)} {(Events.Count == 1 ? "event" : "events")}"
                : $"{DisplayFormat.Number(_shown.Count)} of {DisplayFormat.Number(Events.Count)} events";
            return Truncated ? $"{shown} (the newest; narrow the range to see older ones)" : shown;
        }
    }

    private string NoRecordsText => Events.Count == 0 ? "No events in this range." : "No event matches the filters.";

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_source, Events))
        {
            return;
        }

        _source = Events;
        _reasons = Events.Where(e => e.Reason is not null).Select(e => e.Reason!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        ApplyFilters();
    }

    internal static string SourceName(EventSourceKind source) => source switch
    {
        EventSourceKind.Mqtt => "mqtt",
        EventSourceKind.Sys => "$SYS",
        EventSourceKind.Webhook => "webhook",
        EventSourceKind.Rest => "EMQX API",
        _ => source.ToString(),
    };

    private void OnKindChanged(string kind)
    {
        _kind = kind;
        ApplyFilters();
    }

    private void OnReasonChanged(string reason)
    {
        _reason = reason;
        ApplyFilters();
    }

    private void ApplyFilters()
    {
        IEnumerable<StoredEvent> shown = Events;
        if (_kind != AllValue)
        {
            var kind = _kind == ConnectedValue ? ConnectionEventKind.Connected : ConnectionEventKind.Disconnected;
            shown = shown.Where(e => e.Kind == kind);
        }

        if (_reason != AllValue)
        {
            shown = shown.Where(e => string.Equals(e.Reason, _reason, StringComparison.Ordinal));
        }

        _shown = shown.ToList();
    }
}
