using System.Text;
using System.Text.Json;
using Dashboard.Core.Events;

namespace Dashboard.History;

/// <summary>A client and a time in Unix milliseconds: how the rollup's batch statements name what a batch touches.</summary>
internal readonly record struct ClientMs(string ClientId, long Ms);

/// <summary>
/// What a batch of events means for the sessions rollup, worked out once from the batch in memory: each client's
/// earliest event, and the connect times (<see cref="SessionTable"/>'s in-order path opens a session at each).
/// </summary>
internal sealed class SessionBatch
{
    public SessionBatch(IReadOnlyList<ConnectionEvent> events)
    {
        var earliest = new Dictionary<string, long>(StringComparer.Ordinal);
        var connects = new HashSet<ClientMs>();
        foreach (var e in events)
        {
            // A row the events' insert refuses (no client ID breaks NOT NULL, a permanent error) must fail there, as before.
            if (e.ClientId is null)
            {
                continue;
            }

            var ms = HistoryQueries.Ms(e.EventTime);
            earliest[e.ClientId] = earliest.TryGetValue(e.ClientId, out var known) ? Math.Min(known, ms) : ms;
            if (e.Kind == ConnectionEventKind.Connected)
            {
                connects.Add(new ClientMs(e.ClientId, ms));
            }
        }

        Earliest = [.. earliest.Select(pair => new ClientMs(pair.Key, pair.Value))];
        Connects = [.. connects];
    }

    /// <summary>Each client of the batch with its earliest event's time.</summary>
    public IReadOnlyList<ClientMs> Earliest { get; }

    /// <summary>Each distinct (client, time) of the batch's connects.</summary>
    public IReadOnlyList<ClientMs> Connects { get; }
}

/// <summary>
/// The rollup's batch statements of one store, with the store's way of passing a list of <see cref="ClientMs"/> as
/// parameters, read as the FROM item <c>p(client_id, ms)</c>: PostgreSQL takes two arrays (so the planner knows how
/// many rows there are), SQLite one JSON array of pairs.
/// </summary>
internal sealed class SessionStatements
{
    public static readonly SessionStatements Postgres = new(
        "unnest(@clients::text[], @ms::bigint[]) AS p(client_id, ms)",
        pairs => [("@clients", pairs.Select(p => p.ClientId).ToArray()), ("@ms", pairs.Select(p => p.Ms).ToArray())],
        // The late path joins the late clients' events (as the backfill does): by key, never by hashing the events table.
        "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; ");

    public static readonly SessionStatements Sqlite = new(
        "(SELECT j.value ->> 0 AS client_id, j.value ->> 1 AS ms FROM json_each(@pairs) j) p",
        pairs => [("@pairs", Json(pairs))],
        "");

    private readonly Func<IReadOnlyList<ClientMs>, (string Name, object Value)[]> _bind;

    private SessionStatements(string pairs, Func<IReadOnlyList<ClientMs>, (string Name, object Value)[]> bind, string beforeRecompute)
    {
        _bind = bind;
        LateSql = SessionTable.LateSql(pairs);
        RecomputeSql = beforeRecompute + SessionTable.RecomputeSql(pairs);
        CloseSql = SessionTable.CloseSql(pairs);
        OpenSql = SessionTable.OpenSql(pairs);
    }

    /// <summary>Of the (client, earliest event) pairs, the clients with an event stored at or after it: read before the batch is stored.</summary>
    public string LateSql { get; }

    public string RecomputeSql { get; }

    public string CloseSql { get; }

    public string OpenSql { get; }

    public (string Name, object Value)[] Bind(IReadOnlyList<ClientMs> pairs) => _bind(pairs);

    private static string Json(IReadOnlyList<ClientMs> pairs)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var pair in pairs)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(pair.ClientId);
                writer.WriteNumberValue(pair.Ms);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
