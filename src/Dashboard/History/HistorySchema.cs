using System.Data.Common;
using System.Globalization;

namespace Dashboard.History;

/// <summary>
/// Versioned schema steps, applied in order inside the caller's transaction. <c>schema_version</c>
/// holds one row per applied step, so a database always says which version wrote it.
/// </summary>
internal static class HistorySchema
{
    private const string T = HistoryColumns.Table;
    private const string D = DeadLetterTable.Table;
    private const string K = ActionTables.Acknowledgements;
    private const string A = ActionTables.Audit;
    private const string P = PostgresKeyRepository.Table;
    private const string F = AccessFailureTable.Table;

    /// <summary>Version 1 for SQLite, then versions 2 to 10. STRICT makes SQLite reject a value of the wrong type, as PostgreSQL does.</summary>
    public static readonly string[] Sqlite =
    [
        $"""
        CREATE TABLE IF NOT EXISTS {T} (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            client_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            event_time_ms INTEGER NOT NULL,
            received_at_ms INTEGER NOT NULL,
            source TEXT NOT NULL,
            username TEXT,
            peer_ip TEXT NOT NULL,
            peer_port INTEGER,
            node TEXT,
            reason TEXT,
            keepalive INTEGER,
            clean_start INTEGER,
            expiry_interval_s INTEGER,
            proto_ver INTEGER,
            connected_at_ms INTEGER,
            raw_json TEXT
        ) STRICT;
        {Indexes}
        """,
        OneClientKeyedIndex,
        $"""
        CREATE TABLE IF NOT EXISTS {D} (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            failed_at_ms INTEGER NOT NULL,
            identity_hash BLOB NOT NULL,
            client_id TEXT NOT NULL,
            client_id_utf8 BLOB NOT NULL,
            error_code TEXT NOT NULL,
            error_message TEXT NOT NULL,
            payload BLOB NOT NULL
        ) STRICT;
        {DeadLetterIndex}
        """,
        $"ALTER TABLE {T} ADD COLUMN time_clamped INTEGER NOT NULL DEFAULT 0;",
        $"""
        CREATE TABLE IF NOT EXISTS {K} (
            finding_key TEXT NOT NULL PRIMARY KEY,
            target TEXT NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            at_ms INTEGER NOT NULL,
            note TEXT NOT NULL,
            count_at_ack INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE IF NOT EXISTS {A} (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at_ms INTEGER NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT
        ) STRICT;
        {AuditIndex}
        """,
        AccessFailures("INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT", "INTEGER", "INTEGER", "INTEGER", ") STRICT;"),
        GroupTable.Create("INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT", "INTEGER", ") STRICT;"),
        $"{MaintenanceTable.Create("INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT", "INTEGER")}) STRICT;\n{MaintenanceTable.Index}",
        SessionTable.Create("TEXT", "INTEGER", ") STRICT, WITHOUT ROWID;"),
        SessionTable.AddUsername("TEXT"),
    ];

    /// <summary>Version 1 for PostgreSQL (the same columns, bigint milliseconds and text), then versions 2 to 11.</summary>
    public static readonly string[] Postgres =
    [
        $"""
        CREATE TABLE IF NOT EXISTS {T} (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            client_id text NOT NULL,
            kind text NOT NULL,
            event_time_ms bigint NOT NULL,
            received_at_ms bigint NOT NULL,
            source text NOT NULL,
            username text,
            peer_ip text NOT NULL,
            peer_port integer,
            node text,
            reason text,
            keepalive integer,
            clean_start boolean,
            expiry_interval_s bigint,
            proto_ver integer,
            connected_at_ms bigint,
            raw_json text
        );
        {Indexes}
        """,
        OneClientKeyedIndex,
        $"""
        CREATE TABLE IF NOT EXISTS {D} (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            failed_at_ms bigint NOT NULL,
            identity_hash bytea NOT NULL,
            client_id text NOT NULL,
            client_id_utf8 bytea NOT NULL,
            error_code text NOT NULL,
            error_message text NOT NULL,
            payload bytea NOT NULL
        );
        {DeadLetterIndex}
        """,
        $"ALTER TABLE {T} ADD COLUMN IF NOT EXISTS time_clamped boolean NOT NULL DEFAULT false;",
        $"""
        CREATE TABLE IF NOT EXISTS {K} (
            finding_key text NOT NULL PRIMARY KEY,
            target text NOT NULL,
            actor text NOT NULL,
            role text NOT NULL,
            at_ms bigint NOT NULL,
            note text NOT NULL,
            count_at_ack integer NOT NULL
        );
        CREATE TABLE IF NOT EXISTS {A} (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at_ms bigint NOT NULL,
            actor text NOT NULL,
            role text NOT NULL,
            action text NOT NULL,
            target text NOT NULL,
            outcome text NOT NULL,
            detail text
        );
        {AuditIndex}
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {P} (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            friendly_name text NOT NULL,
            xml text NOT NULL
        );
        """,
        AccessFailures("bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "text", "bigint", "integer", "boolean", ");"),
        GroupTable.Create("bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "text", "bigint", ");") + PostgresIpIn,
        $"{MaintenanceTable.Create("bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "text", "bigint")});\n{MaintenanceTable.Index}",
        SessionTable.Create("text", "bigint", ");"),
        SessionTable.AddUsername("text"),
    ];

    // Version 1's indexes. The identity index makes a repeated event a no-op (INSERT ... ON CONFLICT
    // DO NOTHING); version 2 replaces it and the per-client index with one index.
    private const string Indexes = $"""
        CREATE UNIQUE INDEX IF NOT EXISTS ux_{T}_identity ON {T} (client_id, kind, event_time_ms, peer_ip);
        CREATE INDEX IF NOT EXISTS ix_{T}_client_time ON {T} (client_id, event_time_ms);
        CREATE INDEX IF NOT EXISTS ix_{T}_time ON {T} (event_time_ms);
        """;

    // Version 2, the same for both: one client-keyed index instead of two. With the time second,
    // the identity index also serves a client's events in time order (the drill-down, the rebuild's
    // lookups), so (client_id, event_time_ms) was a third B-tree updated by every insert for nothing:
    // with a million client IDs both client-keyed trees took inserts all over the disk. Uniqueness
    // and ON CONFLICT are about the set of columns, not their order, so inserts are unchanged.
    private const string OneClientKeyedIndex = $"""
        CREATE UNIQUE INDEX IF NOT EXISTS ux_{T}_client_time ON {T} (client_id, event_time_ms, kind, peer_ip);
        DROP INDEX IF EXISTS ux_{T}_identity;
        DROP INDEX IF EXISTS ix_{T}_client_time;
        """;

    // Version 3, both: the dead-letter table (see DeadLetterTable), one row per rejected event identity.
    // The client ID and payload are bytes, so a value the text columns refuse is still kept whole.
    private const string DeadLetterIndex = $"CREATE UNIQUE INDEX IF NOT EXISTS ux_{D}_identity ON {D} (identity_hash);";

    // Version 4, both: time_clamped, the parser's ConnectionEvent.TimeClamped, so that the drill-down
    // treats a clamped start as live state does. Rows written before it read as not clamped. Both
    // databases add a column with a constant default without rewriting the table, so the upgrade is
    // quick however large the history.

    // Version 5, both: operators' actions (see ActionTables). Acknowledgements in force, one row per
    // finding key, so they survive a restart; and the audit log, read by time range, newest first.
    private const string AuditIndex = $"CREATE INDEX IF NOT EXISTS ix_{A}_time ON {A} (at_ms);";

    // Version 6, PostgreSQL only: the data-protection key ring (PostgresKeyRepository), one row per
    // key or revocation as ASP.NET wrote it, so instances share sign-in cookies. With SQLite there is
    // one instance, and the keys are files next to its database.

    // SQLite version 6, PostgreSQL version 7 (the numbers differ because PostgreSQL alone has the key
    // ring): refused connects, failed authentications and authorization denials (see AccessFailureTable),
    // apart from connection_events so that a flood of refusals never crowds the connection history.
    // The identity index makes a repeat a no-op and, with the client ID first, serves the clientId
    // filter; the time index serves the range scans (list, buckets, offenders, denials, pruning), and
    // with kind and reason_code in it the per-reason buckets and the reasonCode filter read only the
    // index (measured at 1M rows: a week's buckets 0.7 s to 0.5 s, a day's rare-reason list 45-68 ms
    // to 5-11 ms); the network index serves the ip filter, for an address too (its network, then the
    // address). Nothing else is indexed: every insert pays for each (1M rows in 2000-row batches on
    // SQLite: 10k rows/s with a separate peer index, 19k without; PostgreSQL 38-50k).
    private static string AccessFailures(string id, string text, string ms, string integer, string boolean, string end) => $"""
        CREATE TABLE IF NOT EXISTS {F} (
            id {id},
            client_id {text} NOT NULL,
            kind {text} NOT NULL,
            event_time_ms {ms} NOT NULL,
            received_at_ms {ms} NOT NULL,
            source {text} NOT NULL,
            username {text},
            peer_ip {text} NOT NULL,
            peer_net {text},
            peer_port {integer},
            node {text},
            reason_code {text} NOT NULL,
            topic {text} NOT NULL,
            action {text},
            result {text},
            authz_source {text},
            proto_ver {integer},
            keepalive {integer},
            clean_start {boolean},
            expiry_interval_s {ms},
            raw_json {text}
        {end}
        CREATE UNIQUE INDEX IF NOT EXISTS ux_{F}_identity ON {F} ({AccessFailureTable.IdentityColumns});
        CREATE INDEX IF NOT EXISTS ix_{F}_time ON {F} (event_time_ms, kind, reason_code);
        CREATE INDEX IF NOT EXISTS ix_{F}_net ON {F} (peer_net, event_time_ms);
        """;

    // SQLite version 7, PostgreSQL version 8: device groups admins define at run time (see GroupTable).
    // PostgreSQL also gets the function the group filter uses for a network (SQLite registers the same
    // rule as a function of each read connection): peer_ip is whatever EMQX reported, so text that is not a
    // plain address (PeerAddress's rule: a dotted quad without leading zeros, or IPv6 in hex, ':' and '.')
    // is false, never a cast error; an IPv4-mapped IPv6 address counts as its IPv4 address.
    private const string PostgresIpIn = $$"""

        CREATE OR REPLACE FUNCTION {{GroupTable.IpInFunction}}(ip text, net text) RETURNS boolean
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
        DECLARE
            address inet;
            network cidr;
        BEGIN
            IF length(ip) > 45 OR NOT (
                ip ~ '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$'
                OR (ip ~ '^[0-9A-Fa-f:.]+$' AND position(':' in ip) > 0)) THEN
                RETURN false;
            END IF;
            address := ip::inet;
            network := net::cidr;
            IF family(address) = 6 AND family(network) = 4 AND address << '::ffff:0:0/96'::cidr THEN
                address := '0.0.0.0'::inet + (address - '::ffff:0.0.0.0'::inet);
            END IF;
            RETURN family(address) = family(network) AND address <<= network;
        EXCEPTION WHEN others THEN
            RETURN false;
        END
        $fn$;
        """;

    // SQLite 8, PostgreSQL 9: maintenance windows (see MaintenanceTable), one row per
    // window, kept as the page's history; the index on the effective end serves both "in force or to come"
    // (the calendar's load) and "over" (the page's past, latest first).

    // SQLite 9, PostgreSQL 10: the sessions rollup (see SessionTable), one row per session with
    // its end, so "online at a moment" and uptime read sessions rather than walk events; filled for older events by
    // SessionBackfill. SQLite keeps it WITHOUT ROWID: the rows live in the (client_id, started_ms) key itself.
    // The last step of each (SQLite 10, PostgreSQL 11): the rollup's username and its index (SessionTable.AddUsername).

    /// <summary>Brings the database to the last of <paramref name="steps"/>; the caller holds the transaction and any lock.</summary>
    public static async Task MigrateAsync(DbConnection connection, DbTransaction transaction, string[] steps, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY)", cancellationToken);

        await using var read = HistoryQueries.Command(connection, "SELECT MAX(version) FROM schema_version");
        read.Transaction = transaction;
        var current = await read.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : 0;
        if (current > steps.Length)
        {
            throw new InvalidOperationException(
                $"The history database is at schema version {current}, newer than this build knows ({steps.Length}). Upgrade the dashboard or use another database.");
        }

        for (var version = current + 1; version <= steps.Length; version++)
        {
            await ExecuteAsync(connection, transaction, steps[version - 1], cancellationToken);
            await using var record = HistoryQueries.Command(connection, "INSERT INTO schema_version (version) VALUES (@version)", ("@version", version));
            record.Transaction = transaction;
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = HistoryQueries.Command(connection, sql);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
