using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>The search box's read: client IDs that only history's access failures know.</summary>
internal sealed partial class AccessFailureQueries
{
    // The largest code point: every ID that starts with the prefix sorts below prefix + U+10FFFF in
    // SQLite's BINARY order and PostgreSQL's C order (byte order of UTF-8), except one whose next
    // character is U+10FFFF itself, a noncharacter-plane code point no device ID uses.
    private const string AfterEveryPrefixed = "\U0010FFFF";

    // A loose index scan over the identity index (client_id first): each step seeks the next
    // distinct client ID after the last, so a client refused a million times costs one seek, not a
    // million index entries. A recursive CTE both SQLite and PostgreSQL run.
    private static readonly string ClientIdsSql = $"""
        WITH RECURSIVE ids(client_id, n) AS (
            SELECT (SELECT client_id FROM {F} WHERE client_id >= @prefix AND client_id < @upper ORDER BY client_id LIMIT 1), 1
            UNION ALL
            SELECT (SELECT f.client_id FROM {F} f WHERE f.client_id > ids.client_id AND f.client_id < @upper ORDER BY f.client_id LIMIT 1), ids.n + 1
            FROM ids WHERE ids.client_id IS NOT NULL AND ids.n < @limit)
        SELECT client_id FROM ids WHERE client_id IS NOT NULL
        """;

    public async Task<IReadOnlyList<string>> ClientIdsAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var capped = Math.Min(limit, AccessFailureLimits.MaxClientIds);
        if (capped == 0)
        {
            return [];
        }

        await using var connection = await openReadConnection(cancellationToken);
        await using var command = HistoryQueries.Command(
            connection, ClientIdsSql, ("@prefix", prefix), ("@upper", prefix + AfterEveryPrefixed), ("@limit", capped));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // Ordinal, as promised, whatever order a PostgreSQL database's collation gives the range.
            var id = reader.GetString(0);
            if (id.StartsWith(prefix, StringComparison.Ordinal))
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
