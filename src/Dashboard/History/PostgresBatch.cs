using Dashboard.Core.Events;
using Npgsql;

namespace Dashboard.History;

/// <summary>
/// A batch as one array per column, inserted with a single INSERT … SELECT FROM unnest(…).
/// Compared with a multi-row VALUES list this has a fixed statement text (so it is prepared once)
/// and seventeen parameters instead of seventeen per row; WITH ORDINALITY keeps ids in batch order.
/// </summary>
internal sealed class PostgresBatch
{
    private static readonly string Sql = $"""
        INSERT INTO {HistoryColumns.Table} ({string.Join(", ", HistoryColumns.Inserted)})
        SELECT {string.Join(", ", HistoryColumns.Inserted)}
        FROM unnest({string.Join(", ", HistoryColumns.Inserted.Select(c => "@" + c))})
             WITH ORDINALITY AS u({string.Join(", ", HistoryColumns.Inserted)}, ord)
        ORDER BY ord
        ON CONFLICT (client_id, kind, event_time_ms, peer_ip) DO NOTHING
        """;

    private readonly Array[] _columns;

    public PostgresBatch(IReadOnlyList<ConnectionEvent> events)
    {
        var n = events.Count;
        string[] clientId = new string[n], kind = new string[n], source = new string[n], peerIp = new string[n];
        string?[] username = new string?[n], node = new string?[n], reason = new string?[n], rawJson = new string?[n];
        long[] eventTime = new long[n], receivedAt = new long[n];
        long?[] expiry = new long?[n], connectedAt = new long?[n];
        int?[] peerPort = new int?[n], keepalive = new int?[n], protoVer = new int?[n];
        bool?[] cleanStart = new bool?[n];
        bool[] timeClamped = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var e = events[i];
            clientId[i] = e.ClientId;
            kind[i] = HistoryColumns.ToText(e.Kind);
            eventTime[i] = e.EventTime.ToUnixTimeMilliseconds();
            receivedAt[i] = e.ReceivedAt.ToUnixTimeMilliseconds();
            source[i] = HistoryColumns.ToText(e.Source);
            username[i] = e.Username;
            peerIp[i] = HistoryColumns.ToPeerColumn(e.PeerIp);
            peerPort[i] = e.PeerPort;
            node[i] = e.Node;
            reason[i] = e.Reason;
            keepalive[i] = e.Keepalive;
            cleanStart[i] = e.CleanStart;
            expiry[i] = e.ExpiryIntervalSeconds;
            protoVer[i] = e.ProtoVer;
            connectedAt[i] = e.ConnectedAt?.ToUnixTimeMilliseconds();
            timeClamped[i] = e.TimeClamped;
            rawJson[i] = e.RawJson;
        }

        // Same order as HistoryColumns.Inserted.
        _columns =
        [
            clientId, kind, eventTime, receivedAt, source, username, peerIp, peerPort,
            node, reason, keepalive, cleanStart, expiry, protoVer, connectedAt, timeClamped, rawJson,
        ];
    }

    public NpgsqlCommand CreateInsert(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var command = new NpgsqlCommand(Sql, connection, transaction);
        for (var i = 0; i < _columns.Length; i++)
        {
            command.Parameters.AddWithValue(HistoryColumns.Inserted[i], _columns[i]);
        }

        return command;
    }
}
