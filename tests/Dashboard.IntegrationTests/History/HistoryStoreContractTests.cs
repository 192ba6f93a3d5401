using Dashboard.Core.Events;
using Dashboard.Core.History;
using static Dashboard.Tests.History.HistoryExpectations;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>
/// The behaviour every <see cref="IHistoryStore"/> must have, run against each real database by a
/// subclass. Each test gets a fresh, initialised database.
/// </summary>
public abstract partial class HistoryStoreContractTests : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    private readonly List<IHistoryStore> _opened = [];

    protected IHistoryStore Store { get; private set; } = null!;

    /// <summary>The connection string of this test's database.</summary>
    protected string ConnectionString { get; private set; } = "";

    /// <summary>A new, empty database; returns its connection string.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>A store on that database, keeping the sessions rollup or not (<c>History:SessionsRollup</c>).</summary>
    protected abstract IHistoryStore Open(string connectionString, bool keepSessions);

    protected abstract string ExpectedProvider { get; }

    public async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        Store = await OpenInitializedAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>Another store instance on this test's database (or the one given), initialised, disposed with the test.</summary>
    protected async Task<IHistoryStore> OpenInitializedAsync(string? connectionString = null, bool keepSessions = true)
    {
        var store = Open(connectionString ?? ConnectionString, keepSessions);
        _opened.Add(store);
        await store.InitializeAsync(None);
        return store;
    }

    /// <summary>Everything stored, oldest first.</summary>
    protected async Task<List<StoredEvent>> AllAsync(IHistoryStore? store = null) =>
        await (store ?? Store).ExportAsync(DateTimeOffset.UnixEpoch, T0.AddYears(100), null, None).ToListAsync(None);

    [Fact]
    public async Task Append_then_read_back_keeps_every_field()
    {
        var full = Connected("ünï/cödé/设备-1", 10, ip: "2001:db8::1", port: 61000, source: EventSourceKind.Webhook) with
        {
            Username = null,
            Reason = "sock_closed",
            CleanStart = false,
            ExpiryIntervalSeconds = 7200,
            ProtoVer = 4,
            ConnectedAt = At(9),
            RawJson = """{"clientid":"ünï/cödé/设备-1","peername":"2001:db8::1:61000","x":[1,2,{"y":null}]}""",
        };
        var bare = new ConnectionEvent
        {
            ClientId = "bare",
            Kind = ConnectionEventKind.Disconnected,
            EventTime = At(20),
            ReceivedAt = At(21),
            Source = EventSourceKind.Sys,
        };

        Assert.Equal(2, await Store.AppendAsync([full, bare], None));

        var stored = await AllAsync();
        Assert.Equal([Stored(full, stored[0].Id), Stored(bare, stored[1].Id)], stored);
        Assert.Equal(full.RawJson, await Store.GetRawJsonAsync(stored[0].Id, None));
        Assert.Null(await Store.GetRawJsonAsync(stored[1].Id, None));
        Assert.True(stored[1].Id > stored[0].Id);
        Assert.Equal(ConnectionEventKind.Disconnected, stored[1].Event.Kind);
    }

    [Fact]
    public async Task The_same_batch_twice_is_stored_once()
    {
        ConnectionEvent[] batch = [Connected("a", 1), Disconnected("a", 2), Connected("b", 3, ip: null, port: null)];

        Assert.Equal(3, await Store.AppendAsync(batch, None));
        Assert.Equal(0, await Store.AppendAsync(batch, None));

        Assert.Equal(3, (await AllAsync()).Count);
    }

    [Fact]
    public async Task The_same_event_from_sys_without_port_and_from_a_rule_with_port_is_stored_once()
    {
        var fromRule = Connected("a", 1, ip: "192.0.2.7", port: 40001, source: EventSourceKind.Mqtt);
        var fromSys = Connected("a", 1, ip: "192.0.2.7", port: null, source: EventSourceKind.Sys) with { RawJson = "{}" };

        Assert.Equal(1, await Store.AppendAsync([fromRule], None));
        Assert.Equal(0, await Store.AppendAsync([fromSys], None));

        var stored = Assert.Single(await AllAsync());
        Assert.Equal(EventSourceKind.Mqtt, stored.Event.Source);
        Assert.Equal(40001, stored.PeerPort);
    }

    [Fact]
    public async Task Events_differing_only_in_peer_ip_are_both_stored()
    {
        ConnectionEvent[] batch =
        [
            Connected("a", 1, ip: "192.0.2.1"),
            Connected("a", 1, ip: "192.0.2.2"),
            Connected("a", 1, ip: null),
        ];

        Assert.Equal(3, await Store.AppendAsync(batch, None));

        Assert.Equal(["192.0.2.1", "192.0.2.2", null], (await AllAsync()).Select(e => e.PeerIp));
    }

    [Fact]
    public async Task Duplicates_inside_one_batch_are_stored_once()
    {
        var first = Connected("a", 1);
        ConnectionEvent[] batch = [first, Disconnected("a", 2), first with { PeerPort = 1234 }, Disconnected("a", 2), Connected("a", 3, ip: null), Connected("a", 3, ip: null)];

        Assert.Equal(3, await Store.AppendAsync(batch, None));

        var stored = await AllAsync();
        Assert.Equal(["a@1", "a@2", "a@3"], Keys(stored));
        Assert.Equal(50000, stored[0].PeerPort);
    }

    [Fact]
    public async Task An_empty_batch_stores_nothing()
    {
        Assert.Equal(0, await Store.AppendAsync([], None));
        Assert.Empty(await AllAsync());
    }

    [Fact]
    public async Task Ids_follow_batch_order()
    {
        ConnectionEvent[] batch = [Connected("z", 5), Connected("a", 1), Connected("m", 3)];

        await Store.AppendAsync(batch, None);

        var stored = (await AllAsync()).OrderBy(e => e.Id).Select(e => e.ClientId);
        Assert.Equal(["z", "a", "m"], stored);
    }
}
