using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using static Dashboard.Tests.History.HistoryExpectations;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>
/// <see cref="ConnectionEvent.TimeClamped"/> in history (schema version 4): kept by every read, and a
/// version 3 database upgrades in place with its rows read as not clamped.
/// </summary>
public abstract partial class HistoryStoreContractTests
{
    /// <summary>This store's schema steps (<c>HistorySchema</c>), to build a database as an older version left it.</summary>
    protected abstract string[] SchemaSteps { get; }

    /// <summary>Runs <paramref name="sql"/> (several statements) on a database nothing has opened yet.</summary>
    protected abstract Task ExecuteAsync(string connectionString, string sql);

    /// <summary>One connect at 1, as an old version's SQL (its columns exist in every version).</summary>
    private static string OneOldEvent => $"""
        INSERT INTO connection_events (client_id, kind, event_time_ms, received_at_ms, source, peer_ip, connected_at_ms)
        VALUES ('a', 'connected', {At(1).ToUnixTimeMilliseconds()}, {At(1).ToUnixTimeMilliseconds()}, 'mqtt', '10.0.0.1', {At(1).ToUnixTimeMilliseconds()});
        """;

    /// <summary>A new database as schema version <paramref name="version"/> left it, with <paramref name="rowsSql"/> run in it; its connection string.</summary>
    private async Task<string> CreateDatabaseAtVersionAsync(int version, string rowsSql)
    {
        var connectionString = await CreateDatabaseAsync();
        var versions = string.Join("\n", Enumerable.Range(1, version).Select(v => $"INSERT INTO schema_version VALUES ({v});"));
        await ExecuteAsync(connectionString, $"{string.Join("\n", SchemaSteps[..version])}\nCREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY);\n{versions}\n{rowsSql}");
        return connectionString;
    }

    /// <summary>A connect whose time was too far ahead: the parser set it, and connected_at, to the receive time.</summary>
    private static ConnectionEvent ClampedConnect(string clientId, long atMs) =>
        Connected(clientId, atMs) with { ReceivedAt = At(atMs), TimeClamped = true };

    [Fact]
    public async Task The_clamped_flag_reads_back_from_every_list()
    {
        var clamped = ClampedConnect("a", 10);
        var plain = Connected("b", 11);

        await Store.AppendAsync([clamped, plain], None);

        var exported = await AllAsync();
        Assert.Equal([Stored(clamped, exported[0].Id), Stored(plain, exported[1].Id)], exported);
        Assert.True(Assert.Single(await Store.GetClientEventsAsync("a", T0, At(100), 10, None)).Event.TimeClamped);
        Assert.Equal([true, false], (await Store.LoadLiveStateSeedAsync(T0, None)).Select(e => e.Event.TimeClamped));
    }

    [Fact]
    public async Task After_a_restart_the_timeline_and_live_state_agree_on_a_clamped_session()
    {
        // The clamped connect stands at our receive time (10) with connected_at 10; the disconnect
        // names the broker's real connected_at (3), which a clamped start can never match exactly.
        // Live state lets any disconnect end a clamped session, so the drill-down must too.
        var connect = ClampedConnect("a", 10);
        var disconnect = Disconnected("a", 20, connectedAtMs: 3, reason: "keepalive_timeout", ip: "10.0.0.9");
        await Store.AppendAsync([connect, disconnect], None);

        var restarted = await OpenInitializedAsync();
        var events = await restarted.GetClientEventsAsync("a", T0, At(100), 10, None);
        var timeline = SessionTimeline.Build(events, T0, At(100), now: At(100));
        var live = new OnlineClients(100, TimeSpan.FromDays(1));
        foreach (var e in await restarted.LoadLiveStateSeedAsync(T0, None))
        {
            live.Apply(e.Event);
        }

        var session = Assert.Single(timeline);
        Assert.Equal((At(10), At(20), "keepalive_timeout"), (session.ConnectedAt, session.End, session.Ending));
        Assert.False(live.Get("a")!.Online);
    }

    [Fact]
    public async Task A_version_3_database_upgrades_in_place_and_its_rows_read_as_not_clamped()
    {
        var old = await CreateDatabaseAtVersionAsync(3, OneOldEvent);
        var store = await OpenInitializedAsync(old);

        var kept = Assert.Single(await AllAsync(store));
        Assert.Equal(("a", At(1), false), (kept.ClientId, kept.EventTime, kept.Event.TimeClamped));
        Assert.Equal(0, await store.AppendAsync([Connected("a", 1)], None));
        Assert.Equal(1, await store.AppendAsync([ClampedConnect("b", 2)], None));
        Assert.True((await AllAsync(store))[1].Event.TimeClamped);

        // A second start finds the current version and changes nothing.
        var again = await OpenInitializedAsync(old);
        Assert.Equal(2, (await AllAsync(again)).Count);
    }
}
