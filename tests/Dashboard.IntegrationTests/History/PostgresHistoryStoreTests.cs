using System.Data.Common;
using Dashboard.Tests.Shared;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.History;
using Dashboard.Tests.Integration.Infrastructure;
using System.Xml.Linq;
using Npgsql;
using static Dashboard.Tests.History.HistoryExpectations;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>The contract against a real PostgreSQL; one server for the class, one database per test.</summary>
public sealed class PostgresHistoryStoreTests(PostgresServer server) : HistoryStoreContractTests, IClassFixture<PostgresServer>
{
    protected override string ExpectedProvider => "postgres";

    protected override Task<string> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    protected override IHistoryStore Open(string connectionString, bool keepSessions) => new PostgresHistoryStore(connectionString, keepSessions: keepSessions);

    protected override string[] SchemaSteps => HistorySchema.Postgres;

    protected override async Task<DbConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    protected override async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task RejectClientIdAsync(string clientId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var check = new NpgsqlCommand($"ALTER TABLE connection_events ADD CONSTRAINT test_rejects CHECK (client_id <> '{clientId}')", connection);
        await check.ExecuteNonQueryAsync();
    }

    // Issue 11: a string holding U+0000 parsed, PostgreSQL refused it (SQLSTATE 22021), and the store
    // retried that batch forever, so nothing was acknowledged and ingestion stopped. The parser now
    // refuses U+0000 too; the store must not depend on it.
    [Theory]
    [InlineData("clientId")]
    [InlineData("username")]
    [InlineData("reason")]
    public async Task Nul_in_one_event_leaves_the_batch_stored_minus_one_dead_letter_and_ingestion_goes_on(string field)
    {
        var poisoned = field switch
        {
            "clientId" => Disconnected("dev\0ice", 3),
            "username" => Disconnected("poisoned", 3) with { Username = "us\0er" },
            _ => Disconnected("poisoned", 3, reason: "bad\0reason"),
        };

        var result = await RunPipelineAsync(
            [Connected("a", 1), Connected("b", 2), poisoned, Disconnected("a", 4), Connected("c", 5)],
            [Connected("later", 6)]);

        Assert.Equal(["a@1", "b@2", "a@4", "c@5", "later@6"], Keys(await AllAsync()));
        var letter = Assert.Single((await Store.GetDeadLettersAsync(10, None)).Recent);
        Assert.Equal((poisoned.ClientId, PostgresErrorCodes.CharacterNotInRepertoire, poisoned.RawJson), (letter.ClientId, letter.ErrorCode, letter.Payload));
        Assert.Contains("0x00", letter.Error);
        Assert.Equal(6, result.Acknowledged);
        Assert.Equal((5L, 1L, 0L, 0L), (result.Status.Stored, result.Status.DeadLettered, result.Status.Lost, result.Status.WriteFailures));
    }

    [Fact]
    public async Task Nul_in_a_refused_connection_is_a_permanent_error_and_the_rest_still_stores()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendAccessFailuresAsync([TestAccessEvents.Refused("a", 1), TestAccessEvents.Refused("b", 2, "bad\0code")], None));

        Assert.Equal(new HistoryWriteError(true, PostgresErrorCodes.CharacterNotInRepertoire), Store.Classify(error));
        Assert.Equal(1, await Store.AppendAccessFailuresAsync([TestAccessEvents.Refused("a", 1)], None));
    }

    [Fact]
    public async Task Half_a_surrogate_pair_is_a_permanent_error()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendAsync([Connected("a", 1) with { Username = "\ud800" }], None));

        Assert.True(Store.Classify(error).IsPermanent, error.ToString());
        Assert.Equal(1, await Store.AppendAsync([Connected("a", 1)], None));
    }

    [Theory]
    [InlineData("22021", true)]
    [InlineData("22001", true)]
    [InlineData("22003", true)]
    [InlineData("23502", true)]
    [InlineData("23514", true)]
    [InlineData("40P01", false)]
    [InlineData("53100", false)]
    [InlineData("55P03", false)]
    [InlineData("57P01", false)]
    [InlineData("08006", false)]
    public void Sqlstate_classes_22_and_23_are_permanent_the_rest_transient(string sqlState, bool permanent)
    {
        var error = new PostgresException("test", "ERROR", "ERROR", sqlState);

        Assert.Equal(new HistoryWriteError(permanent, sqlState), Store.Classify(error));
    }

    [Fact]
    public async Task Reads_have_their_own_pool_so_a_read_holding_all_of_it_never_holds_up_writes()
    {
        await using var store = new PostgresHistoryStore(ConnectionString, new HistoryReadLimits(1, TimeSpan.FromSeconds(30)));
        await store.InitializeAsync(None);
        await store.AppendAsync(Enumerable.Range(0, 2000).Select(i => Connected($"c{i}", i)).ToArray(), None);

        await using var export = store.ExportAsync(DateTimeOffset.UnixEpoch, T0.AddYears(1), null, None).GetAsyncEnumerator();
        Assert.True(await export.MoveNextAsync());

        for (var i = 0; i < 5; i++)
        {
            var write = store.AppendAsync([Connected("w", 10_000 + i)], None);
            Assert.Same(write, await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(20))));
        }

        await store.PruneAsync(At(1), 10, None);
    }

    [Fact]
    public async Task A_read_stops_at_the_read_timeout()
    {
        await using var store = new PostgresHistoryStore(ConnectionString, new HistoryReadLimits(2, TimeSpan.FromSeconds(1)));
        await store.InitializeAsync(None);

        // Another session holds the table: the read waits for it, and gives up after a second.
        await using var blocker = new NpgsqlConnection(ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE connection_events IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.GetClientEventsAsync("a", T0, T0.AddDays(1), 10, None));

        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"gave up after {waited.Elapsed}");
        Assert.IsType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public async Task Instances_starting_at_once_on_a_new_database_all_initialise()
    {
        var fresh = await server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 6).Select(_ => new PostgresHistoryStore(fresh)).ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => s.InitializeAsync(None)));

            Assert.Equal(1, await stores[0].AppendAsync([Connected("a", 1)], None));
            Assert.Equal(0, await stores[5].AppendAsync([Connected("a", 1)], None));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Instances_writing_the_same_events_at_once_store_each_once()
    {
        // Scale-out: every instance ingests the whole stream, in its own batches and order.
        var second = await OpenInitializedAsync();
        var events = Enumerable.Range(0, 4000).Select(i => Connected($"c{i % 300}", i)).ToArray();
        var reversed = events.Reverse().ToArray();

        var added = await Task.WhenAll(
            Task.Run(() => AppendInBatchesAsync(Store, events, 500)),
            Task.Run(() => AppendInBatchesAsync(second, reversed, 700)));

        Assert.Equal(4000, added.Sum());
        Assert.Equal(4000, (await Store.GetStatsAsync(None)).EventCount);
    }

    private static async Task<int> AppendInBatchesAsync(IHistoryStore store, ConnectionEvent[] events, int size)
    {
        var added = 0;
        foreach (var batch in events.Chunk(size))
        {
            added += await store.AppendAsync(batch, None);
        }

        return added;
    }

    // Schema version 6: the data-protection key ring, which every instance on the database shares.
    [Fact]
    public async Task A_version_5_database_upgrades_to_version_6_and_two_stores_share_its_key_ring()
    {
        var old = await CreateDatabaseAsync();
        var versions = string.Join("\n", Enumerable.Range(1, 5).Select(v => $"INSERT INTO schema_version VALUES ({v});"));
        await ExecuteAsync(old, $"{string.Join("\n", HistorySchema.Postgres[..5])}\nCREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY);\n{versions}");

        var first = (PostgresHistoryStore)await OpenInitializedAsync(old);
        var second = (PostgresHistoryStore)await OpenInitializedAsync(old);
        Assert.Empty(first.KeyRepository.GetAllElements());

        first.KeyRepository.StoreElement(new XElement("key", new XAttribute("id", "k1"), "<secret & text>"), "key-k1");
        second.KeyRepository.StoreElement(new XElement("revocation", new XAttribute("id", "k0")), "revocation-k0");

        var seen = second.KeyRepository.GetAllElements();
        Assert.Equal(["key:k1:<secret & text>", "revocation:k0:"], seen.Select(e => $"{e.Name}:{e.Attribute("id")?.Value}:{e.Value}"));
        Assert.Equal(2, (await OpenInitializedAsync(old) as PostgresHistoryStore)!.KeyRepository.GetAllElements().Count);
        Assert.Contains(PostgresKeyRepository.Table, HistorySchema.Postgres[5], StringComparison.Ordinal);
    }
}
