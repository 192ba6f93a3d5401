using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;

namespace Dashboard.Components.Controls.Lists;

/// <summary>What a row of the drill-down's events table is, and the word its Kind column shows.</summary>
public enum ClientEventRowKind
{
    Connected,
    Disconnected,

    /// <summary>A refused CONNECT (a connack failure).</summary>
    Refused,

    /// <summary>A failed authentication.</summary>
    AuthnFailed,

    /// <summary>An authorization denial for one publish or subscribe.</summary>
    Denied,
}

/// <summary>
/// One row of the drill-down's events table: a connection event, or an access failure listed among
/// them in time order. The two come from different tables; a row holds exactly one of them.
/// </summary>
public sealed record ClientEventRow
{
    private ClientEventRow(StoredEvent? connection, StoredAccessFailure? failure)
    {
        Connection = connection;
        Failure = failure;
    }

    public StoredEvent? Connection { get; }

    public StoredAccessFailure? Failure { get; }

    public DateTimeOffset EventTime => Connection?.EventTime ?? Failure!.Event.EventTime;

    public ClientEventRowKind Kind => Connection is { } e
        ? e.Kind == ConnectionEventKind.Connected ? ClientEventRowKind.Connected : ClientEventRowKind.Disconnected
        : Failure!.Event.Kind switch
        {
            AccessEventKind.Connack => ClientEventRowKind.Refused,
            AccessEventKind.Authentication => ClientEventRowKind.AuthnFailed,
            _ => ClientEventRowKind.Denied,
        };

    /// <summary>The disconnect reason, or the refusal's reason code; null for a connect or a denial.</summary>
    public string? Reason => Connection is { } e ? e.Reason : Failure!.Event.ReasonCode;

    /// <summary>What the reason means and what to do, for refused attempts and failed authentications.</summary>
    public ReasonInfo? Refusal => Failure?.Event.ReasonCode is { } code ? ReasonCatalog.DescribeRefusal(code) : null;

    public string? PeerIp => Connection?.PeerIp ?? Failure?.Event.PeerIp;

    public int? PeerPort => Connection?.PeerPort ?? Failure?.Event.PeerPort;

    public string? Username => Connection?.Username ?? Failure?.Event.Username;

    public string? Node => Connection?.Node ?? Failure?.Event.Node;

    public EventSourceKind Source => Connection?.Event.Source ?? Failure!.Event.Source;

    public bool TimeClamped => Connection?.Event.TimeClamped ?? Failure!.Event.TimeClamped;

    public bool IsFailure => Failure is not null;

    /// <summary>The Kind column's word, and the kind filter's value.</summary>
    public static string KindName(ClientEventRowKind kind) => kind switch
    {
        ClientEventRowKind.Connected => "connected",
        ClientEventRowKind.Disconnected => "disconnected",
        ClientEventRowKind.Refused => "refused",
        ClientEventRowKind.AuthnFailed => "authn failed",
        _ => "denied",
    };

    /// <summary>Both lists (each newest first) as one, newest first; at one instant the connection event first (the order in time is not known).</summary>
    public static List<ClientEventRow> Merge(IReadOnlyList<StoredEvent> events, IReadOnlyList<StoredAccessFailure> failures)
    {
        var rows = new List<ClientEventRow>(events.Count + failures.Count);
        int e = 0, f = 0;
        while (e < events.Count || f < failures.Count)
        {
            var takeEvent = f >= failures.Count || (e < events.Count && events[e].EventTime >= failures[f].Event.EventTime);
            rows.Add(takeEvent ? new ClientEventRow(events[e++], null) : new ClientEventRow(null, failures[f++]));
        }

        return rows;
    }
}
