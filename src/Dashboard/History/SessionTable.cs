using System.Globalization;

namespace Dashboard.History;

/// <summary>
/// The sessions rollup (<c>client_sessions</c>): one row per distinct connect time of a client, the session that connect
/// began, derived from the events by exactly the rules "online at a moment" reads them with
/// (<see cref="MomentQueries"/>): it starts at the connect (the latest stored one of that millisecond) and ends at the
/// first stored disconnect from then on that ends it (<see cref="MomentQueries.EndsLatestSession"/>), or at the
/// client's next connect, whichever comes first; NULL while neither exists. So "online at T" is
/// <c>started_ms &lt;= T AND (ended_ms IS NULL OR ended_ms &gt; T)</c>, the same answer as the events give.
/// A session that ended in the millisecond it began is kept (ended = started) and never matches.
/// <para>
/// Kept right in the batch writer's transaction, never behind. Before the batch is stored, one statement finds which of
/// its clients are late (<see cref="LateSql"/>); the writer has the batch in memory (<see cref="SessionBatch"/>) and
/// passes each statement the clients it concerns. The common case, a client whose new events are all newer than
/// everything stored for it (in order), needs no recompute: its open session ends at its first new connect or ending
/// disconnect (<see cref="CloseSql"/>), and each new connect time opens a session ended by the new events alone
/// (<see cref="OpenSql"/>). A client with a late event (no newer than one stored) has its rows recomputed
/// (<see cref="RecomputeSql"/>, skipped when no client is late) from its latest connect before its
/// earliest new event: adding events only moves an end earlier (one more disconnect or connect to take the first of),
/// except at a connect time that gets a later representative, which is recomputed too; so rows that began before that
/// connect cannot change, and the late event corrects exactly the rows after it. Rows are upserted, and an unchanged
/// row is not written. The writer must be the only one adding events from the late test until it commits (one write
/// connection on SQLite, an advisory lock on PostgreSQL).
/// </para>
/// <para>
/// Closed sessions are found by time through a level and a bucket: level L holds sessions no longer than
/// <c>2^(20+L)</c> ms, bucketed by <c>started_ms / 2^(20+L)</c>, so the sessions of level L that contain T began in
/// bucket <c>T / 2^(20+L)</c> or the one before (<see cref="SessionQueries"/>); the last level takes any length, in
/// bucket 0. Reading those buckets in client order finds the sessions containing T among sessions of about the same
/// length that began shortly before T: a bounded multiple of the answer, however long the history. When few of those
/// ended after T (after an outage, say), the second index (by end) finds them without reading the rest; the planner
/// chooses between the two per bucket from the statistics of ended_ms.
/// </para>
/// </summary>
internal static class SessionTable
{
    public const string Table = "client_sessions";

    /// <summary>While this table has its row, the rollup is being filled from older events (<see cref="BackfillSql"/>).</summary>
    public const string Backfill = "client_sessions_backfill";

    private const string T = HistoryColumns.Table;

    /// <summary>The shortest level's longest session, as a power of two (2^20 ms, about 17 minutes).</summary>
    public const int FirstLevelBits = 20;

    /// <summary>Levels with buckets: 2^20 to 2^43 ms (about 278 years); level <see cref="Levels"/> is any longer session.</summary>
    public const int Levels = 24;

    public static long Width(int level) => 1L << (FirstLevelBits + level);

    /// <summary>The schema step that creates the rollup, empty; with events stored already, the backfill is marked as pending from the first client.</summary>
    public static string Create(string text, string ms, string end) => $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            client_id {text} NOT NULL,
            started_ms {ms} NOT NULL,
            ended_ms {ms},
            connect_id {ms} NOT NULL,
            lvl {ms},
            bucket {ms},
            PRIMARY KEY (client_id, started_ms)
        {end}
        CREATE INDEX IF NOT EXISTS ix_{Table}_closed ON {Table} (lvl, bucket, client_id, started_ms, ended_ms) WHERE ended_ms IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_{Table}_closed_end ON {Table} (lvl, bucket, ended_ms) WHERE ended_ms IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_{Table}_open ON {Table} (client_id, started_ms) WHERE ended_ms IS NULL;
        CREATE INDEX IF NOT EXISTS ix_{Table}_open_start ON {Table} (started_ms) WHERE ended_ms IS NULL;
        CREATE TABLE IF NOT EXISTS {Backfill} (id {ms} NOT NULL PRIMARY KEY, after_client {text} NOT NULL{end}
        INSERT INTO {Backfill} (id, after_client) SELECT 1, '' WHERE EXISTS (SELECT 1 FROM {T});
        """;

    /// <summary>
    /// The schema step after <see cref="Create"/>: each row carries the username of the connect that began it, with an
    /// index that walks one username's sessions in client order, so "online at T" for a username that few clients use
    /// reads those clients' rows instead of the whole moment (<see cref="SessionQueries"/>). Rows written before have
    /// none: the backfill runs again from the first client (moments read the events until it is done).
    /// </summary>
    public static string AddUsername(string text) => $"""
        ALTER TABLE {Table} ADD COLUMN username {text};
        CREATE INDEX IF NOT EXISTS ix_{Table}_username ON {Table} (username, client_id, started_ms, ended_ms, connect_id) WHERE username IS NOT NULL;
        DELETE FROM {Backfill};
        INSERT INTO {Backfill} (id, after_client) SELECT 1, '' WHERE EXISTS (SELECT 1 FROM {T});
        """;

    // c: each connect time of a client from its s0 on (t) and its representative (the latest stored of that ms, as
    // MomentQueries takes). Static fields initialise in order: this comes first.
    private static readonly string FromStart = $"""
        c AS (
            SELECT x.client_id, x.event_time_ms AS st, MAX(x.id) AS id
            FROM t JOIN {T} x ON x.client_id = t.client_id AND x.kind = '{HistoryColumns.Connected}' AND x.event_time_ms >= t.s0
            GROUP BY x.client_id, x.event_time_ms)
        """;

    // The batch statements below take the batch's clients from the caller (SessionBatch, SessionStatements) as the
    // FROM item p(client_id, ms), and reach everything else through scalar subqueries by key, one client at a time:
    // a plan of that shape cannot turn into comparing every client with every row, whatever the planner believes
    // about a young table (PostgreSQL did: 50 million comparisons a batch, with hash joins off and no statistics yet).

    /// <summary>
    /// Of the batch's clients, each with its earliest new event (<c>p.ms</c>), those with a stored event at or after it,
    /// read before the batch is stored: the late ones. The others are in order: every new event is newer than
    /// everything stored for them.
    /// </summary>
    public static string LateSql(string pairs) => $"""
        SELECT p.client_id FROM {pairs}
        WHERE (SELECT MAX(x.event_time_ms) FROM {T} x WHERE x.client_id = p.client_id) >= p.ms
        """;

    /// <summary>
    /// The late path: recomputes the rows of the late clients (<c>p.ms</c> their earliest new event) from the latest
    /// connect before that event (or from that event, when there is none).
    /// </summary>
    public static string RecomputeSql(string pairs) => Recompute($"""
        t AS (
            SELECT p.client_id, COALESCE((
                SELECT MAX(x.event_time_ms) FROM {T} x
                WHERE x.client_id = p.client_id AND x.kind = '{HistoryColumns.Connected}' AND x.event_time_ms < p.ms), p.ms) AS s0
            FROM {pairs}),
        {FromStart}
        """);

    /// <summary>
    /// The in-order path, first half: the open session of each in-order client (<c>p.ms</c> its earliest new event)
    /// ends at its first new connect or its first new disconnect that ends it
    /// (<see cref="MomentQueries.EndsLatestSession"/>), whichever comes first. Every stored event of the client is
    /// older than the new ones, so nothing else can change. Run before <see cref="OpenSql"/>, which adds the open
    /// sessions this must not see. (A client has one open session at most: a session ends at the next connect. o is
    /// MATERIALIZED: inlined, PostgreSQL evaluated its subqueries again at each use. The end is the first match in
    /// time order, an index scan that stops there; the kinds in a CASE, as an OR PostgreSQL read them with two bitmap
    /// scans.)
    /// </summary>
    public static string CloseSql(string pairs) => Upsert($"""
        o AS MATERIALIZED (
            SELECT p.client_id, p.ms, (
                SELECT s.started_ms FROM {Table} s WHERE s.client_id = p.client_id AND s.ended_ms IS NULL
                ORDER BY s.started_ms DESC LIMIT 1) AS st, (
                SELECT s.connect_id FROM {Table} s WHERE s.client_id = p.client_id AND s.ended_ms IS NULL
                ORDER BY s.started_ms DESC LIMIT 1) AS id, (
                SELECT s.username FROM {Table} s WHERE s.client_id = p.client_id AND s.ended_ms IS NULL
                ORDER BY s.started_ms DESC LIMIT 1) AS un
            FROM {pairs}),
        r AS MATERIALIZED (
            SELECT o.client_id, o.st, o.id, o.un, (
                SELECT d.event_time_ms FROM {T} e, {T} d
                WHERE e.id = o.id AND d.client_id = o.client_id AND d.event_time_ms >= o.ms
                  AND CASE d.kind WHEN '{HistoryColumns.Connected}' THEN true
                      WHEN '{HistoryColumns.Disconnected}' THEN {MomentQueries.EndsLatestSession} ELSE false END
                ORDER BY d.event_time_ms LIMIT 1) AS en
            FROM o WHERE o.st IS NOT NULL)
        """, "un", "en IS NOT NULL");

    /// <summary>
    /// The in-order path, second half: a session for each new connect time (<c>p</c>: the in-order clients' connects
    /// of the batch, each client and time once), ended by the new events alone (nothing stored is newer).
    /// </summary>
    public static string OpenSql(string pairs) => Recompute($"""
        c AS (
            SELECT p.client_id, p.ms AS st, (
                SELECT MAX(x.id) FROM {T} x
                WHERE x.client_id = p.client_id AND x.kind = '{HistoryColumns.Connected}' AND x.event_time_ms = p.ms) AS id
            FROM {pairs})
        """);

    /// <summary>The backfill's step: every row of the clients after <c>@after</c> up to and including <c>@upto</c>.</summary>
    public static readonly string BackfillSql = Recompute($"""
        t AS (SELECT client_id, MIN(event_time_ms) AS s0 FROM {T} WHERE client_id > @after AND client_id <= @upto GROUP BY client_id),
        {FromStart}
        """);

    /// <summary>The last of the next <c>@clients</c> client IDs after <c>@after</c> (none: the backfill is done).</summary>
    public static readonly string BackfillUptoSql = $"""
        SELECT MAX(client_id) FROM (
            SELECT DISTINCT client_id FROM {T} WHERE client_id > @after ORDER BY client_id LIMIT @clients) n
        """;

    /// <summary>
    /// At start-up while the rollup is not kept: the backfill is marked as pending from the first client, so reads go to
    /// the events, and a later start that keeps it again fills it from scratch (rows written before may be stale).
    /// </summary>
    public static readonly string NotKeptSql = $"DELETE FROM {Backfill}; INSERT INTO {Backfill} (id, after_client) VALUES (1, '');";

    public static readonly string BackfillStateSql = $"SELECT after_client FROM {Backfill} WHERE id = 1";

    public static readonly string BackfillMoveSql = $"UPDATE {Backfill} SET after_client = @upto WHERE id = 1";

    public static readonly string BackfillDoneSql = $"DELETE FROM {Backfill} WHERE id = 1";

    /// <summary>1 while the backfill has work left, 0 once it has finished.</summary>
    public static readonly string BackfillPendingSql = $"SELECT COUNT(*) FROM {Backfill}";

    /// <summary>
    /// Retention, before the events go: the sessions that began before <c>@before</c> of the clients whose events the
    /// same prune batch (<see cref="HistoryQueries.PruneSql"/>) deletes. A session is kept while its connect is.
    /// </summary>
    public static readonly string PruneSql = $"""
        DELETE FROM {Table} WHERE started_ms < @before AND client_id IN (
            SELECT client_id FROM {T} WHERE event_time_ms < @before ORDER BY event_time_ms LIMIT @limit)
        """;

    // Given c (the connect times to write rows for, with their representatives), n: the next connect time; r: the
    // first disconnect before it that ends the session (or the next connect). r is MATERIALIZED (both stores take it):
    // inlined, its end's subquery would run once per use in the level's and bucket's CASEs, about fifty times a row
    // (the backfill's slow step at 1M clients: 650 ms per 1,000 clients). The connect (e) is read inside the
    // subquery, by its ID, so r is a scan of n whatever the planner thinks of the events table.
    private static string Recompute(string connects) => Upsert($"""
        {connects},
        n AS (SELECT client_id, st, id, LEAD(st) OVER (PARTITION BY client_id ORDER BY st) AS next_t FROM c),
        r AS MATERIALIZED (
            SELECT n.client_id, n.st, n.id, COALESCE((
                SELECT MIN(d.event_time_ms) FROM {T} e, {T} d
                WHERE e.id = n.id AND d.client_id = n.client_id AND d.kind = '{HistoryColumns.Disconnected}'
                  AND d.event_time_ms >= n.st AND (n.next_t IS NULL OR d.event_time_ms < n.next_t)
                  AND {MomentQueries.EndsLatestSession}), n.next_t) AS en
            FROM n WHERE n.id IS NOT NULL)
        """, ConnectUsername, "true");

    // A row's username: its connect's, read by the connect's ID.
    private const string ConnectUsername = $"(SELECT u.username FROM {T} u WHERE u.id = r.id)";

    // Writes r (client_id, st, id, en: a session's row) with its username where the filter holds; a row already there
    // is updated when its end, connect or username differs, and left alone (not written) when none does. The closing
    // path carries the open row's username (its connect is the same), so it reads no event for it.
    private static string Upsert(string rows, string username, string filter) => $"""
        WITH {rows}
        INSERT INTO {Table} (client_id, started_ms, ended_ms, connect_id, lvl, bucket, username)
        SELECT client_id, st, en, id, {LevelOf("en", "st")}, {BucketOf("en", "st")}, {username} FROM r WHERE {filter}
        ON CONFLICT (client_id, started_ms) DO UPDATE SET
            ended_ms = excluded.ended_ms, connect_id = excluded.connect_id, lvl = excluded.lvl, bucket = excluded.bucket,
            username = excluded.username
        WHERE COALESCE({Table}.ended_ms, -1) <> COALESCE(excluded.ended_ms, -1) OR {Table}.connect_id <> excluded.connect_id
            OR {Table}.username IS DISTINCT FROM excluded.username
        """;

    /// <summary>The level of a session from its end and start (SQL expressions): NULL while open.</summary>
    internal static string LevelOf(string ended, string started) => Cases(ended, started, level => level.ToString(CultureInfo.InvariantCulture), Levels.ToString(CultureInfo.InvariantCulture));

    /// <summary>The bucket of a session from its end and start (SQL expressions): NULL while open.</summary>
    internal static string BucketOf(string ended, string started) => Cases(ended, started, level => $"{started} / {Width(level).ToString(CultureInfo.InvariantCulture)}", "0");

    private static string Cases(string ended, string started, Func<int, string> then, string otherwise) =>
        $"CASE WHEN {ended} IS NULL THEN NULL "
        + string.Concat(Enumerable.Range(0, Levels).Select(level =>
            $"WHEN {ended} - {started} <= {Width(level).ToString(CultureInfo.InvariantCulture)} THEN {then(level)} "))
        + $"ELSE {otherwise} END";
}
