using System.Data.Common;
using Dashboard.Core.Events;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.History;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>
/// The sessions rollup answers "online at T" exactly as the events do (<see cref="MomentQueries"/>): over a seeded,
/// messy history stored in shuffled batches, after a backfill, and after retention; with and without a username filter.
/// </summary>
public abstract partial class HistoryStoreContractTests
{
    /// <summary>A connection to this test's database, for the queries under test directly.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync();

    private const int MessyClients = 30;

    /// <summary>
    /// A random history (fixed seed): each client connects and disconnects at random times from one of two IPs and two
    /// ports, with or without connected_at (naming its own session, an older one, or a later one), some starts clamped,
    /// some takeovers and discards; a few events are stored twice. Returned in random order, so much of it arrives late.
    /// </summary>
    private static List<ConnectionEvent> MessyHistory(int seed)
    {
        var random = new Random(seed);
        var events = new List<ConnectionEvent>();
        string[] ips = ["192.0.2.1", "192.0.2.2", "192.0.2.2"];
        string[] reasons = ["normal", "keepalive_timeout", "takenover", "discarded", "tcp_closed"];
        for (var c = 0; c < MessyClients; c++)
        {
            var id = $"m{c:D2}";
            var time = (long)random.Next(0, 40);
            var lastConnect = time;
            for (var n = random.Next(1, 14); n > 0; n--)
            {
                var ip = ips[random.Next(ips.Length)];
                int? port = random.Next(4) == 0 ? null : 50000 + random.Next(2);
                if (random.Next(5) < 3)
                {
                    lastConnect = time;
                    var connect = Connected(id, time, ip: random.Next(8) == 0 ? null : ip, port: port, username: MessyUsername(time));
                    events.Add(random.Next(6) switch
                    {
                        0 => connect with { ConnectedAt = null },
                        1 => connect with { TimeClamped = true },
                        _ => connect,
                    });
                }
                else
                {
                    long? named = random.Next(4) switch
                    {
                        0 => null,
                        1 => Math.Max(0, lastConnect - random.Next(1, 30)),
                        _ => lastConnect,
                    };
                    events.Add(Disconnected(id, time, named, reasons[random.Next(reasons.Length)], ip: ip, port: port));
                }

                // Often the same millisecond again: two connects, or a disconnect with its connect.
                time += random.Next(3) == 0 ? 0 : random.Next(1, 60);
            }
        }

        events.AddRange(events.Where(_ => random.Next(10) == 0).ToList());
        return [.. events.OrderBy(_ => random.Next())];
    }

    private async Task AppendInBatchesAsync(IEnumerable<ConnectionEvent> events, int size)
    {
        foreach (var batch in events.Chunk(size))
        {
            await Store.AppendAsync(batch, None);
        }
    }

    /// <summary>
    /// At every moment the answer can change (each stored event's time, and just before the first), the rollup's online
    /// set equals the events'; at every fifth, read in pages of 7 (the keyset), else at once.
    /// </summary>
    private async Task AssertRollupMatchesEventsAsync(long from)
    {
        var events = new MomentQueries(async ct => await OpenConnectionAsync());
        var sessions = new SessionQueries(async ct => await OpenConnectionAsync());
        var moments = (await AllAsync()).Select(e => HistoryQueries.Ms(e.Event.EventTime) - HistoryQueries.Ms(T0)).Where(ms => ms >= from).Append(from - 1).Distinct().Order().ToList();
        var compared = 0;
        foreach (var (ms, i) in moments.Select((ms, i) => (ms, i)))
        {
            var pageSize = i % 5 == 0 ? 7 : 1000;
            var expected = await events.OnlineAtAsync(At(ms), null, 1000, null, None);
            var actual = new List<StoredEvent>();
            string? after = null;
            IReadOnlyList<StoredEvent> page;
            do
            {
                page = await sessions.OnlineAtAsync(At(ms), after, pageSize, null, None);
                actual.AddRange(page);
                after = page.Count > 0 ? page[^1].Event.ClientId : after;
            }
            while (page.Count == pageSize);

            Assert.Equal(
                $"{ms}: {string.Join(' ', expected.Select(e => $"{e.Event.ClientId}#{e.Id}"))}",
                $"{ms}: {string.Join(' ', actual.Select(e => $"{e.Event.ClientId}#{e.Id}"))}");
            compared += expected.Count;
            if (i % 2 == 0)
            {
                await AssertUsernameFilterMatchesAsync(events, sessions, At(ms), expected);
            }
        }

        // The history is not trivial: a good part of the fleet is online at a typical moment.
        Assert.True(compared > moments.Count * 3, $"only {compared} online rows compared at {moments.Count} moments");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 25)]
    [InlineData(3, 500)]
    public async Task The_sessions_rollup_answers_online_at_every_moment_as_the_events_do(int seed, int batch)
    {
        await AppendInBatchesAsync(MessyHistory(seed), batch);

        await AssertRollupMatchesEventsAsync(0);
    }

    /// <summary>
    /// Mostly in time order, as a live pipeline stores it (the in-order path: sessions closed and opened without a
    /// recompute), with some batches held back and stored two batches later (the late path), checked half-way and at
    /// the end.
    /// </summary>
    [Theory]
    [InlineData(6, 4)]
    [InlineData(7, 15)]
    public async Task In_order_and_late_batches_interleaved_keep_the_rollup_equal_to_the_events(int seed, int batch)
    {
        var random = new Random(seed);
        var batches = MessyHistory(seed).OrderBy(e => e.EventTime).Chunk(batch).ToList();
        var held = new List<(int Due, ConnectionEvent[] Events)>();
        for (var i = 0; i < batches.Count; i++)
        {
            if (random.Next(4) == 0)
            {
                held.Add((i + 2, batches[i]));
            }
            else
            {
                await Store.AppendAsync(batches[i], None);
            }

            foreach (var late in held.Where(h => h.Due == i).ToList())
            {
                await Store.AppendAsync(late.Events, None);
                held.Remove(late);
            }

            if (i == batches.Count / 2)
            {
                await AssertRollupMatchesEventsAsync(0);
            }
        }

        foreach (var late in held)
        {
            await Store.AppendAsync(late.Events, None);
        }

        await AssertRollupMatchesEventsAsync(0);
    }

    /// <summary>
    /// Client IDs are attacker-written: the batch statements take them as parameters (SQLite: inside one JSON text), so
    /// quotes, backslashes, brackets, control characters, non-ASCII and characters beyond the BMP must come back as the
    /// same IDs, on the in-order path (connect, reconnect, disconnect) and the late one (a connect between, stored last).
    /// </summary>
    [Fact]
    public async Task Client_ids_of_any_text_keep_their_sessions_on_the_in_order_and_late_paths()
    {
        string[] ids = ["quote\"d", "back\\slash", "[\"json\",1]", "ctl\u0001x", "grüße", "設備-1", "emoji-😀"];
        await Store.AppendAsync([.. ids.Select(id => Connected(id, 10))], None);
        await Store.AppendAsync([.. ids.Select(id => Connected(id, 30))], None);
        await Store.AppendAsync([.. ids.Select(id => Disconnected(id, 40, 30))], None);
        Assert.Equal(2 * ids.Length, await CountSessionsAsync());
        await AssertRollupMatchesEventsAsync(0);

        await Store.AppendAsync([.. ids.Select(id => Connected(id, 20))], None);

        Assert.Equal(3 * ids.Length, await CountSessionsAsync());
        await AssertRollupMatchesEventsAsync(0);
    }

    [Fact]
    public async Task The_store_reads_online_at_from_the_rollup_and_the_moment_story_holds()
    {
        await Store.AppendAsync(MomentHistory(), None);

        // Emptied behind the store's back: an answer from the rollup is now empty, one from the events would not be.
        await ExecuteAsync(ConnectionString, $"DELETE FROM {SessionTable.Table}");

        Assert.Empty(await Store.GetOnlineAtAsync(At(10), null, 100, null, None));
    }

    [Fact]
    public async Task A_database_with_events_from_before_the_rollup_is_backfilled_in_client_order()
    {
        var history = MessyHistory(4);
        await AppendInBatchesAsync(history, 40);
        var written = await CountSessionsAsync();

        // As a database that had events before the rollup's schema step: no sessions, the backfill pending.
        await ExecuteAsync(ConnectionString, $"DELETE FROM {SessionTable.Table}; INSERT INTO {SessionTable.Backfill} (id, after_client) VALUES (1, '')");
        var reopened = await OpenInitializedAsync();
        Assert.Equal(MessyClients, history.Select(e => e.ClientId).Distinct().Count());
        var steps = 0;
        SessionBackfillStep step;
        do
        {
            step = await ((ISessionRollup)reopened).BackfillStepAsync(7, None);
            steps++;
        }
        while (!step.Done);

        Assert.Equal(6, steps); // 30 clients, 7 a step: 5 steps that fill, 1 that finds none left.
        Assert.Equal(written, await CountSessionsAsync());
        Assert.True((await ((ISessionRollup)reopened).BackfillStepAsync(7, None)).Done);
        await AssertRollupMatchesEventsAsync(0);
    }

    [Fact]
    public async Task Until_the_backfill_finishes_online_at_reads_the_events()
    {
        await Store.AppendAsync(MomentHistory(), None);
        await ExecuteAsync(ConnectionString, $"DELETE FROM {SessionTable.Table}; INSERT INTO {SessionTable.Backfill} (id, after_client) VALUES (1, '')");
        var reopened = await OpenInitializedAsync();

        Assert.Equal(["a", "b", "c"], (await reopened.GetOnlineAtAsync(At(10), null, 3, null, None)).Select(e => e.Event.ClientId));

        while (!(await ((ISessionRollup)reopened).BackfillStepAsync(4, None)).Done)
        {
        }

        Assert.Equal(["a", "b", "c"], (await reopened.GetOnlineAtAsync(At(10), null, 3, null, None)).Select(e => e.Event.ClientId));
    }

    [Fact]
    public async Task Retention_prunes_sessions_with_their_connects_and_the_rest_still_answers_as_the_events_do()
    {
        await AppendInBatchesAsync(MessyHistory(5), 50);
        var before = await CountSessionsAsync();

        while (await Store.PruneAsync(At(150), 20, None) == 20)
        {
        }

        Assert.InRange(await CountSessionsAsync(), 1, before - 1);
        Assert.Equal(0, await CountSessionsAsync("started_ms < " + HistoryQueries.Ms(At(150)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await AssertRollupMatchesEventsAsync(150);
    }

    [Fact]
    public async Task A_groups_sessions_for_uptime_are_those_overlapping_the_span_and_each_clients_latest_before_it()
    {
        await Store.AppendAsync(
        [
            // down: up 0-10, then nothing: before the span [100, 200), and only its latest session counts.
            Connected("plant-3/down", 0), Disconnected("plant-3/down", 5, 0), Connected("plant-3/down", 6), Disconnected("plant-3/down", 10, 6),

            // back: down since 20, back at 150 (an open session).
            Connected("plant-3/back", 15), Disconnected("plant-3/back", 20, 15), Connected("plant-3/back", 150),

            // up: connected all along.
            Connected("plant-3/up", 1),

            // later: first seen after the span; other: another group.
            Connected("plant-3/later", 250), Connected("other", 1),
        ], None);
        var group = new GroupFilter(new GroupMatcher([Define("plant-3", clientId: "plant-3/*")]), "plant-3");

        var sessions = await ((IGroupSessions)Store).GetGroupSessionsAsync(At(100), At(200), group, 100, None);

        Assert.Equal(
            ["plant-3/back 15-20", "plant-3/back 150-", "plant-3/down 6-10", "plant-3/up 1-"],
            sessions!.Select(s => $"{s.ClientId} {Ms(s.ConnectedAt)}-{(s.DisconnectedAt is { } d ? Ms(d) : "")}"));
        Assert.Equal("user", sessions![0].Username);
        var figure = UptimeCalculator.Compute(sessions, At(100), At(200), [], group.Matcher)!;
        Assert.Equal((TimeSpan.FromMilliseconds(50 + 0 + 100), TimeSpan.FromMilliseconds(300), 3), (figure.Up, figure.Counted, figure.Clients));
        Assert.Equal(2, (await ((IGroupSessions)Store).GetGroupSessionsAsync(At(100), At(200), group, 2, None))!.Count);

        static string Ms(DateTimeOffset at) => (at - T0).TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<long> CountSessionsAsync(string where = "1 = 1")
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = HistoryQueries.Command(connection, $"SELECT COUNT(*) FROM {SessionTable.Table} WHERE {where}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(None), System.Globalization.CultureInfo.InvariantCulture);
    }
}
