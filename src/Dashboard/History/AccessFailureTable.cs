using System.Data.Common;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>
/// How an <see cref="AccessEvent"/> maps to the access_failures columns both stores share. As in
/// connection_events, times are Unix milliseconds, and a missing peer IP, reason code or topic is ''
/// so that the identity index (NULLs are distinct in a unique index) makes a repeat a no-op.
/// peer_net is the peer's /24 or /48 (<see cref="NetworkPrefix"/>), written once so that the
/// network filter and grouping read an index instead of computing it per row.
/// </summary>
internal static class AccessFailureTable
{
    public const string Table = "access_failures";

    public const string Connack = "connack";
    public const string Authentication = "authn";
    public const string Authorization = "authz";

    /// <summary>Every stored column: <see cref="Listed"/>, then raw_json.</summary>
    public static readonly string[] All =
    [
        "id", "client_id", "kind", "event_time_ms", "received_at_ms", "source", "username", "peer_ip", "peer_net", "peer_port",
        "node", "reason_code", "topic", "action", "result", "authz_source", "proto_ver", "keepalive", "clean_start",
        "expiry_interval_s", "raw_json",
    ];

    /// <summary>The columns an insert writes, in the order <see cref="Values"/> gives them.</summary>
    public static readonly string[] Inserted = All[1..];

    /// <summary>What lists read, in the order <see cref="Read"/> expects: all but raw_json.</summary>
    public static readonly string[] Listed = All[..^1];

    /// <summary>The CLR type of each of <see cref="Inserted"/>, for PostgreSQL's typed column arrays.</summary>
    public static readonly Type[] InsertedTypes =
    [
        typeof(string), typeof(string), typeof(long), typeof(long), typeof(string), typeof(string), typeof(string), typeof(string), typeof(int?),
        typeof(string), typeof(string), typeof(string), typeof(string), typeof(string), typeof(string), typeof(int?), typeof(int?), typeof(bool?),
        typeof(long?), typeof(string),
    ];

    /// <summary>The identity index's columns (<see cref="AccessEvent.Identity"/>), for ON CONFLICT.</summary>
    public const string IdentityColumns = "client_id, event_time_ms, kind, peer_ip, reason_code, topic";

    public static string ToText(AccessEventKind kind) => kind switch
    {
        AccessEventKind.Connack => Connack,
        AccessEventKind.Authentication => Authentication,
        AccessEventKind.Authorization => Authorization,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>One event's values in <see cref="Inserted"/> order; null stands for SQL NULL.</summary>
    public static object?[] Values(AccessEvent e) =>
    [
        e.ClientId,
        ToText(e.Kind),
        e.EventTime.ToUnixTimeMilliseconds(),
        e.ReceivedAt.ToUnixTimeMilliseconds(),
        HistoryColumns.ToText(e.Source),
        e.Username,
        HistoryColumns.ToPeerColumn(e.PeerIp),
        NetworkPrefix.Of(e.PeerIp),
        e.PeerPort,
        e.Node,
        e.ReasonCode ?? "",
        e.Topic ?? "",
        e.Action,
        e.Result,
        e.AuthzSource,
        e.ProtoVer,
        e.Keepalive,
        e.CleanStart,
        e.ExpiryIntervalSeconds,
        e.RawJson,
    ];

    /// <summary>Reads one row selected with <see cref="Listed"/>; its raw JSON is left null.</summary>
    public static StoredAccessFailure Read(DbDataReader r)
    {
        // Column 8 (peer_net) is derived from the peer IP and not part of the event.
        return new StoredAccessFailure(r.GetInt64(0), new AccessEvent
        {
            ClientId = r.GetString(1),
            Kind = ParseKind(r.GetString(2)),
            EventTime = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
            Source = HistoryColumns.ParseSource(r.GetString(5)),
            Username = NullableText(r, 6),
            PeerIp = EmptyAsNull(r.GetString(7)),
            PeerPort = r.IsDBNull(9) ? null : r.GetInt32(9),
            Node = NullableText(r, 10),
            ReasonCode = EmptyAsNull(r.GetString(11)),
            Topic = EmptyAsNull(r.GetString(12)),
            Action = NullableText(r, 13),
            Result = NullableText(r, 14),
            AuthzSource = NullableText(r, 15),
            ProtoVer = r.IsDBNull(16) ? null : r.GetInt32(16),
            Keepalive = r.IsDBNull(17) ? null : r.GetInt32(17),
            CleanStart = r.IsDBNull(18) ? null : r.GetBoolean(18),
            ExpiryIntervalSeconds = r.IsDBNull(19) ? null : r.GetInt64(19),
        });
    }

    private static string? NullableText(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static string? EmptyAsNull(string text) => text.Length == 0 ? null : text;

    private static AccessEventKind ParseKind(string text) => text switch
    {
        Connack => AccessEventKind.Connack,
        Authentication => AccessEventKind.Authentication,
        Authorization => AccessEventKind.Authorization,
        _ => throw new InvalidDataException($"Unknown access event kind '{text}' in {Table}."),
    };
}
