using System.Diagnostics;
using System.Globalization;
using Dashboard.History;
using Npgsql;

namespace Dashboard.Bench;

/// <summary>
/// "Online at a moment" at scale on PostgreSQL: generates a history in the database itself
/// (INSERT ... SELECT over generate_series, in chunks of clients, with every index in place), fills the
/// sessions rollup from it with the store's own backfill (or, with derive, writes it with each chunk and checks
/// samples against the backfill), then times the store's queries (which read the
/// rollup) for a moment in the middle and at the end of it, and the events' query they replace. The
/// reference, in the same run, is a COUNT(*) over the whole table: what any query that reads all history costs.
/// </summary>
internal static class MomentScale
{
    private static readonly DateTimeOffset End = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Span = TimeSpan.FromDays(30);
    private const int ClientsPerChunk = 50_000;

    public static async Task RunAsync(string connectionString, int clients, int eventsPerClient, bool derive)
    {
        Console.WriteLine($"moment: postgres, {clients:N0} clients x {eventsPerClient} events = {(long)clients * eventsPerClient:N0} events over {Span.TotalDays} days");
        await using var store = new PostgresHistoryStore(connectionString, new HistoryReadLimits(4, TimeSpan.FromMinutes(30)));
        await store.InitializeAsync(CancellationToken.None);
        await using var data = NpgsqlDataSource.Create(connectionString);
        if ((await store.GetStatsAsync(CancellationToken.None)).EventCount > 0)
        {
            // A database a previous run generated (kept by run-history-postgres.sh with BENCH_KEEP): time the queries again.
            Console.WriteLine("reusing the stored history: generation, rollup and its check skipped");
            await TimeQueriesAsync(store, data, clients);
            return;
        }

        var generation = Stopwatch.StartNew();
        for (var first = 0; first < clients; first += ClientsPerChunk)
        {
            await ExecuteAsync(data, Generate(first, Math.Min(clients, first + ClientsPerChunk) - 1, eventsPerClient));
            if (derive)
            {
                await ExecuteAsync(data, DeriveSessions(first, Math.Min(clients, first + ClientsPerChunk) - 1));
            }

            Console.WriteLine($"  {Math.Min(clients, first + ClientsPerChunk):N0} clients stored after {generation.Elapsed.TotalSeconds:F0} s");
        }

        await ExecuteAsync(data, "VACUUM ANALYZE connection_events");
        Console.WriteLine($"generated and vacuumed in {generation.Elapsed.TotalSeconds:F0} s");
        var stats = await store.GetStatsAsync(CancellationToken.None);
        Console.WriteLine($"stored {stats.EventCount:N0} events, {stats.SizeBytes / 1048576.0:F0} MB");

        if (derive)
        {
            await ExecuteAsync(data, $"VACUUM ANALYZE {SessionTable.Table}");
            await CheckDerivedAsync(store, data, clients);
        }
        else
        {
            // Written behind the store's back, so as a database from before the rollup: the backfill fills it.
            await ExecuteAsync(data, $"INSERT INTO {SessionTable.Backfill} (id, after_client) VALUES (1, '')");
            var backfill = Stopwatch.StartNew();
            var (_, sessions) = await new SessionBackfill(store, new Dashboard.Core.History.HistoryStatus("postgres"), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SessionBackfill>.Instance)
                .RunAsync(store, CancellationToken.None);
            Console.WriteLine($"backfill: {sessions:N0} sessions in {backfill.Elapsed.TotalSeconds:F0} s ({sessions / backfill.Elapsed.TotalSeconds:F0} sessions/s)");
        }

        await ExecuteAsync(data, $"VACUUM ANALYZE {SessionTable.Table}");
        await using (var size = data.CreateCommand($"SELECT pg_total_relation_size('{SessionTable.Table}')"))
        {
            Console.WriteLine($"rollup: {(long)(await size.ExecuteScalarAsync())! / 1048576.0:F0} MB with its indexes");
        }

        await TimeQueriesAsync(store, data, clients);
    }

    private static async Task TimeQueriesAsync(PostgresHistoryStore store, NpgsqlDataSource data, int clients)
    {
        var reference = Stopwatch.StartNew();
        await ExecuteAsync(data, "SELECT COUNT(*) FROM connection_events");
        Console.WriteLine($"reference COUNT(*) over the table: {reference.Elapsed.TotalMilliseconds:F0} ms");

        var middle = End - (Span / 2) + TimeSpan.FromMinutes(7);
        await TimeAsync("online at the middle, page 1 of 50", () => store.GetOnlineAtAsync(middle, null, 51, null, CancellationToken.None));
        await TimeAsync("online at the end, page 1 of 50", () => store.GetOnlineAtAsync(End, null, 51, null, CancellationToken.None));
        await TimeAsync("online at the middle, 50 after dev-0010000 (keyset)", () => store.GetOnlineAtAsync(middle, "dev-0010000", 51, null, CancellationToken.None));
        await TimeAsync("online at the middle, 1,000 rows", () => store.GetOnlineAtAsync(middle, null, 1000, null, CancellationToken.None));
        await TimeAsync("online just after the start (few online), page 1 of 50", () => store.GetOnlineAtAsync(End - Span + TimeSpan.FromMinutes(1), null, 51, null, CancellationToken.None));
        var events = new MomentQueries(async ct => await data.OpenConnectionAsync(ct));
        await TimeAsync("from the events (before the rollup): online at the middle, page 1 of 50", () => events.OnlineAtAsync(middle, null, 51, null, CancellationToken.None), runs: 3);
        await TimeAsync("went offline within 15 min of the middle (limit 201)", () => store.GetDisconnectsAsync(middle.AddMinutes(-15), 0, middle.AddMinutes(15), 201, CancellationToken.None));

        await ExplainAsync(data, "online at the middle, page 1", middle);
        await TimeFilteredAsync(store, data, middle, clients);
    }

    /// <summary>The rollup query's plan, summed up: its total, planning time, and the nodes that read most.</summary>
    private static async Task ExplainAsync(NpgsqlDataSource data, string what, DateTimeOffset at)
    {
        await using var explain = data.CreateCommand("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + SessionQueries.OnlineAtSql
            .Replace("@at", HistoryQueries.Ms(at).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@limit", "51", StringComparison.Ordinal)
            .Replace("@after", "''", StringComparison.Ordinal));
        await using var reader = await explain.ExecuteReaderAsync();
        Console.WriteLine($"plan, {what} (rollup; index scans that returned rows, and the totals):");
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var interesting = lines[i].Contains("Time:", StringComparison.Ordinal) || i < 4
                || (lines[i].Contains("Index", StringComparison.Ordinal) && !lines[i].Contains("rows=0 ", StringComparison.Ordinal));
            if (interesting)
            {
                Console.WriteLine("  " + lines[i].Trim());
            }
        }
    }

    /// <summary>
    /// What <c>/api/clients?at=</c> costs with filters (MomentClients: keyset batches, filtered in memory,
    /// capped), and the slow case: a fleet-wide outage (every client disconnected a minute after the
    /// end), then a moment after it, when nobody is online and a page walks every client.
    /// </summary>
    private static async Task TimeFilteredAsync(PostgresHistoryStore store, NpgsqlDataSource data, DateTimeOffset middle, int clients)
    {
        var moments = new Dashboard.Core.History.MomentClients(store);
        Task<IReadOnlyList<Dashboard.Core.History.StoredEvent>> Page(DateTimeOffset at, Dashboard.Core.Live.ClientFilters filters, string? search = null) =>
            moments.OnlineAtAsync(at, new Dashboard.Core.Live.ClientQuery { Filters = filters, Search = search }, null, 0, 50, Dashboard.Core.History.MomentClients.DefaultScanCap, CancellationToken.None)
                .ContinueWith(t => t.Result.Items, TaskScheduler.Default);
        await TimeAsync("filtered at the middle, node (1 client in 3), page of 50", () => Page(middle, new() { Node = "emqx@node1" }));
        await TimeAsync("filtered at the middle, username (1 client in 1,000: its index), page of 50", () => Page(middle, new() { Username = "user-7" }));
        await TimeAsync("filtered at the middle, username and node (1 client in 3,000), page of 50", () => Page(middle, new() { Username = "user-7", Node = "emqx@node1" }));
        await TimeAsync("filtered at the middle, username nobody has, page of 50", () => Page(middle, new() { Username = "nobody" }));
        await TimeAsync($"filtered at the middle, search that the last 100 clients match (stops at the scan cap, {Dashboard.Core.History.MomentClients.DefaultScanCap:N0} rows), page of 50", () => Page(middle, Dashboard.Core.Live.ClientFilters.None, ClientId(clients - 100)[..^2]), runs: 3);

        // The outage goes through the store in batches of 2,000, as the pipeline writes: each batch recomputes its
        // clients' open sessions in its transaction, so this also times the rollup's write side at scale.
        var outage = End + TimeSpan.FromMinutes(1);
        var ids = new List<string>();
        await using (var list = data.CreateCommand("SELECT DISTINCT client_id FROM connection_events ORDER BY client_id"))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }

        var writes = Stopwatch.StartNew();
        foreach (var batch in ids.Chunk(2000))
        {
            await store.AppendAsync(
                batch.Select(c => new Dashboard.Core.Events.ConnectionEvent
                {
                    ClientId = c, Kind = Dashboard.Core.Events.ConnectionEventKind.Disconnected, EventTime = outage, ReceivedAt = outage,
                    Source = Dashboard.Core.Events.EventSourceKind.Mqtt, Reason = "keepalive_timeout",
                }).ToList(),
                CancellationToken.None);
        }

        Console.WriteLine($"outage: {ids.Count:N0} disconnects stored through the store in {writes.Elapsed.TotalSeconds:F1} s ({ids.Count / writes.Elapsed.TotalSeconds:F0} events/s, rollup included)");
        await ExecuteAsync(data, "VACUUM ANALYZE connection_events");
        await ExecuteAsync(data, $"VACUUM ANALYZE {SessionTable.Table}");
        var after = End + TimeSpan.FromMinutes(2);
        await TimeAsync("after a fleet-wide outage (nobody online), page 1 of 50", () => store.GetOnlineAtAsync(after, null, 51, null, CancellationToken.None));
        await TimeAsync("after the outage, through MomentClients, page of 50", () => Page(after, Dashboard.Core.Live.ClientFilters.None));
        await TimeAsync("one minute before the outage (everyone's last session), page 1 of 50", () => store.GetOnlineAtAsync(outage.AddMinutes(-1), null, 51, null, CancellationToken.None));
        await ExplainAsync(data, "after the outage, page 1", after);
        await TimeAsync("went offline within 15 min of the outage (limit 201)", () => store.GetDisconnectsAsync(after.AddMinutes(-15), 0, after.AddMinutes(15), 201, CancellationToken.None));
    }

    /// <summary>
    /// Clients [first, last], each alternating connect and disconnect every <c>step</c> from a phase of
    /// its own, odd clients starting with a disconnect, so that about half are online at any moment; a disconnect names its session's start
    /// (connected_at), as EMQX 5.8.6+ does. Rows are written client by client.
    /// </summary>
    private static string Generate(int first, int last, int eventsPerClient)
    {
        var step = (long)Span.TotalMilliseconds / eventsPerClient;
        var start = HistoryQueries.Ms(End - Span);
        return FormattableString.Invariant($"""
            INSERT INTO connection_events (client_id, kind, event_time_ms, received_at_ms, source, username, peer_ip,
                peer_port, node, reason, keepalive, clean_start, expiry_interval_s, proto_ver, connected_at_ms, raw_json)
            SELECT 'dev-' || lpad(c::text, 7, '0'),
                CASE WHEN (k + c) % 2 = 0 THEN 'connected' ELSE 'disconnected' END,
                t, t + 5, 'mqtt', 'user-' || (c % 1000),
                '10.' || ((c / 65536) % 256) || '.' || ((c / 256) % 256) || '.' || (c % 256),
                40000 + ((k + c % 2) / 2) % 20000, 'emqx@node' || (c % 3),
                CASE WHEN (k + c) % 2 = 0 THEN NULL ELSE (ARRAY['normal', 'keepalive_timeout', 'tcp_closed', 'sock_closed'])[1 + (c + k) % 4] END,
                60, true, 0, 5,
                CASE WHEN (k + c) % 2 = 0 THEN t ELSE t - {step} END,
                '{"{"}"clientid":"dev-' || c || '","event":"client.' || CASE WHEN (k + c) % 2 = 0 THEN 'connected' ELSE 'disconnected' END || '"{"}"}'
            FROM generate_series({first}, {last}) c
            CROSS JOIN generate_series(0, {eventsPerClient - 1}) k
            CROSS JOIN LATERAL (SELECT {start} + k::bigint * {step} + (c::bigint * 7919) % {step} AS t) x
            """);
    }

    /// <summary>
    /// The rollup rows of clients [first, last], written with their events (derive mode): in the generated history a
    /// client's events alternate with distinct times and every disconnect names its session's start, so each session
    /// runs from a connect to the client's next event (open if there is none). Far quicker than the store's backfill at
    /// 100M events, and checked against it (<see cref="CheckDerivedAsync"/>).
    /// </summary>
    private static string DeriveSessions(int first, int last) => $"""
        INSERT INTO {SessionTable.Table} (client_id, started_ms, ended_ms, connect_id, lvl, bucket, username)
        SELECT client_id, st, en, id, {SessionTable.LevelOf("en", "st")}, {SessionTable.BucketOf("en", "st")}, username
        FROM (
            SELECT client_id, kind, event_time_ms AS st, id, username, LEAD(event_time_ms) OVER (PARTITION BY client_id ORDER BY event_time_ms) AS en
            FROM connection_events WHERE client_id >= '{ClientId(first)}' AND client_id <= '{ClientId(last)}') s
        WHERE kind = '{HistoryColumns.Connected}'
        """;

    private static string ClientId(int client) => "dev-" + client.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>
    /// Checks the derived rollup against the store's own backfill on three samples of 1,000 clients (first, middle,
    /// last): a sample's rows are put aside and deleted, one backfill step refills them, and both must hold the same
    /// rows. Also times that step: the backfill's rate at this scale. Stops the bench if they differ.
    /// </summary>
    private static async Task CheckDerivedAsync(PostgresHistoryStore store, NpgsqlDataSource data, int clients)
    {
        const int Sample = 1000;
        foreach (var first in new[] { 0, clients / 2, Math.Max(0, clients - Sample) })
        {
            var (low, high) = (ClientId(first), ClientId(Math.Min(clients, first + Sample) - 1));
            var range = $"client_id >= '{low}' AND client_id <= '{high}'";
            await ExecuteAsync(data, "DROP TABLE IF EXISTS bench_sample");
            await ExecuteAsync(data, $"CREATE TABLE bench_sample AS SELECT * FROM {SessionTable.Table} WHERE {range}");
            await ExecuteAsync(data, $"DELETE FROM {SessionTable.Table} WHERE {range}");
            await ExecuteAsync(data, $"INSERT INTO {SessionTable.Backfill} (id, after_client) VALUES (1, '{(first == 0 ? "" : ClientId(first - 1))}')");
            var watch = Stopwatch.StartNew();
            var step = await ((ISessionRollup)store).BackfillStepAsync(Sample, CancellationToken.None);
            watch.Stop();
            await ExecuteAsync(data, $"DELETE FROM {SessionTable.Backfill}");
            await using var differ = data.CreateCommand($"""
                SELECT (SELECT COUNT(*) FROM bench_sample),
                    (SELECT COUNT(*) FROM (SELECT * FROM bench_sample EXCEPT SELECT * FROM {SessionTable.Table} WHERE {range}) a)
                    + (SELECT COUNT(*) FROM (SELECT * FROM {SessionTable.Table} WHERE {range} EXCEPT SELECT * FROM bench_sample) b)
                """);
            await using var reader = await differ.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (rows, different) = (reader.GetInt64(0), reader.GetInt64(1));
            Console.WriteLine($"derived rollup, clients {low}..{high}: {rows:N0} sessions, {different} differ from the backfill's; backfill step {step.Rows:N0} rows in {watch.Elapsed.TotalMilliseconds:F0} ms ({step.Rows / watch.Elapsed.TotalSeconds:F0} sessions/s)");
            if (different != 0 || step.UpTo != high)
            {
                throw new InvalidOperationException($"The derived rollup differs from the store's backfill for clients {low}..{high} (up to {step.UpTo}): the bench's figures would not be the store's.");
            }
        }

        await ExecuteAsync(data, "DROP TABLE bench_sample");
    }

    private static async Task ExecuteAsync(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task TimeAsync<T>(string what, Func<Task<IReadOnlyList<T>>> query, int runs = 5)
    {
        var times = new List<double>();
        var rows = 0;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            rows = (await query()).Count;
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"{what}: {rows} rows; median {times[times.Count / 2]:F1} ms, min {times[0]:F1}, max {times[^1]:F1} ms ({runs} runs)");
    }
}
