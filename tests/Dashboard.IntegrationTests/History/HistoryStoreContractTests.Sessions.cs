using System.Data.Common;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.History;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>
/// The sessions rollup answers "online at T" exactly as the events do (<see cref="MomentQueries"/>): over a seeded,
/// messy history stored in shuffled batches, after a backfill, and after retention.
/// </summary>
public abstract partial class HistoryStoreContractTests
{
    /// <summary>A connection to this test's database, for the queries under test directly.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync();

    private const int MessyClients = 30;
    private const long MessySpan = 400;

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
                    var connect = Connected(id, time, ip: random.Next(8) == 0 ? null : ip, port: port);
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

    /// <summary>For every millisecond of the history, the rollup's online set equals the events', read in pages of 7.</summary>
    private async Task AssertRollupMatchesEventsAsync(long from, long to)
    {
        var events = new MomentQueries(async ct => await OpenConnectionAsync());
        var sessions = new SessionQueries(async ct => await OpenConnectionAsync());
        var compared = 0;
        for (var ms = from; ms <= to; ms++)
        {
            var expected = await events.OnlineAtAsync(At(ms), null, 1000, None);
            var actual = new List<StoredEvent>();
            string? after = null;
            IReadOnlyList<StoredEvent> page;
            do
            {
                page = await sessions.OnlineAtAsync(At(ms), after, 7, None);
                actual.AddRange(page);
                after = page.Count > 0 ? page[^1].Event.ClientId : after;
            }
            while (page.Count == 7);

            Assert.Equal(
                $"{ms}: {string.Join(' ', expected.Select(e => $"{e.Event.ClientId}#{e.Id}"))}",
                $"{ms}: {string.Join(' ', actual.Select(e => $"{e.Event.ClientId}#{e.Id}"))}");
            compared += expected.Count;
        }

        // The history is not trivial: a good part of the fleet is online at a typical moment.
        Assert.True(compared > (to - from) * 3, $"only {compared} online rows compared");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 25)]
    [InlineData(3, 500)]
    public async Task The_sessions_rollup_answers_online_at_every_moment_as_the_events_do(int seed, int batch)
    {
        await AppendInBatchesAsync(MessyHistory(seed), batch);

        await AssertRollupMatchesEventsAsync(-1, MessySpan + 1);
    }

    [Fact]
    public async Task The_store_reads_online_at_from_the_rollup_and_the_moment_story_holds()
    {
        await Store.AppendAsync(MomentHistory(), None);

        // Emptied behind the store's back: an answer from the rollup is now empty, one from the events would not be.
        await ExecuteAsync(ConnectionString, $"DELETE FROM {SessionTable.Table}");

        Assert.Empty(await Store.GetOnlineAtAsync(At(10), null, 100, None));
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
        await AssertRollupMatchesEventsAsync(-1, MessySpan + 1);
    }

    [Fact]
    public async Task Until_the_backfill_finishes_online_at_reads_the_events()
    {
        await Store.AppendAsync(MomentHistory(), None);
        await ExecuteAsync(ConnectionString, $"DELETE FROM {SessionTable.Table}; INSERT INTO {SessionTable.Backfill} (id, after_client) VALUES (1, '')");
        var reopened = await OpenInitializedAsync();

        Assert.Equal(["a", "b", "c"], (await reopened.GetOnlineAtAsync(At(10), null, 3, None)).Select(e => e.Event.ClientId));

        while (!(await ((ISessionRollup)reopened).BackfillStepAsync(4, None)).Done)
        {
        }

        Assert.Equal(["a", "b", "c"], (await reopened.GetOnlineAtAsync(At(10), null, 3, None)).Select(e => e.Event.ClientId));
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
        await AssertRollupMatchesEventsAsync(150, MessySpan + 1);
    }

    private async Task<long> CountSessionsAsync(string where = "1 = 1")
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = HistoryQueries.Command(connection, $"SELECT COUNT(*) FROM {SessionTable.Table} WHERE {where}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(None), System.Globalization.CultureInfo.InvariantCulture);
    }
}
