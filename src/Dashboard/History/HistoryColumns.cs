using System.Data.Common;
using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>
/// How an event maps to the columns both stores share: times as Unix milliseconds, kind and
/// source as short words, a missing peer IP as '' (see <see cref="ToPeerColumn"/>).
/// </summary>
internal static class HistoryColumns
{
    public const string Table = "connection_events";

    /// <summary>Every stored column: <see cref="Listed"/>, then raw_json.</summary>
    public static readonly string[] All =
    [
        "id", "client_id", "kind", "event_time_ms", "received_at_ms", "source", "username", "peer_ip", "peer_port",
        "node", "reason", "keepalive", "clean_start", "expiry_interval_s", "proto_ver", "connected_at_ms", "time_clamped",
        "raw_json",
    ];

    /// <summary>The columns an insert writes: all but the generated id, in the order <see cref="Bind"/> fills them.</summary>
    public static readonly string[] Inserted = All[1..];

    /// <summary>
    /// What lists, exports and the start-up rebuild read, in the order <see cref="Read"/> expects:
    /// all but raw_json, which is most of a row and which none of them shows.
    /// </summary>
    public static readonly string[] Listed = All[..^1];

    public static string Select(string alias) => string.Join(", ", Listed.Select(c => $"{alias}.{c}"));

    public const string Connected = "connected";
    public const string Disconnected = "disconnected";

    public static string ToText(ConnectionEventKind kind) => kind switch
    {
        ConnectionEventKind.Connected => Connected,
        ConnectionEventKind.Disconnected => Disconnected,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string ToText(EventSourceKind source) => source switch
    {
        EventSourceKind.Mqtt => "mqtt",
        EventSourceKind.Sys => "sys",
        EventSourceKind.Webhook => "webhook",
        EventSourceKind.Rest => "rest",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    /// <summary>
    /// SQLite and PostgreSQL both treat NULLs as distinct in a unique index, so a NULL peer would
    /// let the same event in twice. '' never is an IP address, so it can stand for "none".
    /// </summary>
    public static string ToPeerColumn(string? peerIp) => peerIp ?? "";

    /// <summary>Fills an insert's parameters (in <see cref="Inserted"/> order) from one event.</summary>
    public static void Bind(DbParameterCollection parameters, ConnectionEvent e)
    {
        // Never null by contract; should a bug make it so, NOT NULL rejects the row (a permanent
        // error, so it is dead-lettered) instead of the driver throwing something unclassified.
        parameters[0].Value = (object?)e.ClientId ?? DBNull.Value;
        parameters[1].Value = ToText(e.Kind);
        parameters[2].Value = e.EventTime.ToUnixTimeMilliseconds();
        parameters[3].Value = e.ReceivedAt.ToUnixTimeMilliseconds();
        parameters[4].Value = ToText(e.Source);
        parameters[5].Value = (object?)e.Username ?? DBNull.Value;
        parameters[6].Value = ToPeerColumn(e.PeerIp);
        parameters[7].Value = (object?)e.PeerPort ?? DBNull.Value;
        parameters[8].Value = (object?)e.Node ?? DBNull.Value;
        parameters[9].Value = (object?)e.Reason ?? DBNull.Value;
        parameters[10].Value = (object?)e.Keepalive ?? DBNull.Value;
        parameters[11].Value = (object?)e.CleanStart ?? DBNull.Value;
        parameters[12].Value = (object?)e.ExpiryIntervalSeconds ?? DBNull.Value;
        parameters[13].Value = (object?)e.ProtoVer ?? DBNull.Value;
        parameters[14].Value = (object?)e.ConnectedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
        parameters[15].Value = e.TimeClamped;
        parameters[16].Value = (object?)e.RawJson ?? DBNull.Value;
    }

    /// <summary>Reads one row selected with <see cref="Listed"/> (or <see cref="Select"/>); its raw JSON is left null.</summary>
    public static StoredEvent Read(DbDataReader r)
    {
        var peer = r.GetString(7);
        return new StoredEvent(r.GetInt64(0), new ConnectionEvent
        {
            ClientId = r.GetString(1),
            Kind = ParseKind(r.GetString(2)),
            EventTime = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
            Source = ParseSource(r.GetString(5)),
            Username = r.IsDBNull(6) ? null : r.GetString(6),
            PeerIp = peer.Length == 0 ? null : peer,
            PeerPort = r.IsDBNull(8) ? null : r.GetInt32(8),
            Node = r.IsDBNull(9) ? null : r.GetString(9),
            Reason = r.IsDBNull(10) ? null : r.GetString(10),
            Keepalive = r.IsDBNull(11) ? null : r.GetInt32(11),
            CleanStart = r.IsDBNull(12) ? null : r.GetBoolean(12),
            ExpiryIntervalSeconds = r.IsDBNull(13) ? null : r.GetInt64(13),
            ProtoVer = r.IsDBNull(14) ? null : r.GetInt32(14),
            ConnectedAt = r.IsDBNull(15) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(15)),
            TimeClamped = r.GetBoolean(16),
        });
    }

    private static ConnectionEventKind ParseKind(string text) => text switch
    {
        Connected => ConnectionEventKind.Connected,
        Disconnected => ConnectionEventKind.Disconnected,
        _ => throw new InvalidDataException($"Unknown event kind '{text}' in {Table}."),
    };

    public static EventSourceKind ParseSource(string text) => text switch
    {
        "mqtt" => EventSourceKind.Mqtt,
        "sys" => EventSourceKind.Sys,
        "webhook" => EventSourceKind.Webhook,
        "rest" => EventSourceKind.Rest,
        _ => throw new InvalidDataException($"Unknown event source '{text}' in {Table}."),
    };
}
