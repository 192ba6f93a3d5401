using Dashboard.Core.Events;
using Dashboard.Core.History;
using static Dashboard.Tests.Shared.TestAccessEvents;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>
/// Refused connections (schema version 6 in SQLite, 7 in PostgreSQL): access failures stored once
/// apart from the connection events, listed with filters, and pruned with the same retention.
/// </summary>
public abstract partial class HistoryStoreContractTests
{
    /// <summary>Every access failure in the store, newest first.</summary>
    protected async Task<IReadOnlyList<StoredAccessFailure>> AllFailuresAsync(IHistoryStore? store = null) =>
        await (store ?? Store).GetAccessFailuresAsync(new AccessFailureFilter(DateTimeOffset.UnixEpoch, T0.AddYears(100), AccessFailureLimits.MaxRows), None);

    private static string Key(StoredAccessFailure f) => $"{f.Event.ClientId}@{(f.Event.EventTime - T0).TotalMilliseconds}";

    [Fact]
    public async Task Access_failures_read_back_with_every_field_but_raw_json_and_apart_from_the_events()
    {
        var refused = Refused("ünï/cödé/设备-1", 10, "server_busy", ip: "2001:db8::1");
        var authn = AuthnFailed("bare", 20, ip: null) with { Username = null };
        var denied = Denied("d", 30, "a/b/#", action: "subscribe", source: "default");

        Assert.Equal(3, await Store.AppendAccessFailuresAsync([refused, authn, denied], None));

        var stored = await AllFailuresAsync();
        Assert.Equal([denied, authn, refused with { RawJson = null }], stored.Select(s => s.Event));
        Assert.True(stored[0].Id > stored[1].Id && stored[1].Id > stored[2].Id);
        Assert.Empty(await AllAsync());
    }

    [Fact]
    public async Task A_repeated_access_failure_is_stored_once_and_differing_reason_topic_or_peer_are_not_repeats()
    {
        AccessEvent[] batch =
        [
            Refused("a", 1), Refused("a", 1) with { PeerPort = 1, Source = EventSourceKind.Webhook }, Refused("a", 1, "banned"),
            Refused("a", 1, ip: "10.0.0.2"), Refused("a", 1, ip: null), Refused("a", 1, ip: null),
            AuthnFailed("a", 1), Denied("a", 1, "t/1"), Denied("a", 1, "t/2"), Denied("a", 1, "t/2"),
        ];

        Assert.Equal(7, await Store.AppendAccessFailuresAsync(batch, None));
        Assert.Equal(0, await Store.AppendAccessFailuresAsync(batch, None));
        Assert.Equal(0, await (await OpenInitializedAsync()).AppendAccessFailuresAsync([Refused("a", 1)], None));

        Assert.Equal(7, (await AllFailuresAsync()).Count);
        Assert.Equal(50000, (await AllFailuresAsync()).Single(f => f.Event is { ReasonCode: "bad_username_or_password", PeerIp: "10.0.0.1", Kind: AccessEventKind.Connack }).Event.PeerPort);
        Assert.Equal(0, await Store.AppendAccessFailuresAsync([], None));
    }

    [Fact]
    public async Task A_batch_with_a_row_the_database_refuses_stores_nothing_and_the_error_is_permanent()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendAccessFailuresAsync([Refused("a", 1), Refused(null!, 2)], None));

        Assert.True(Store.Classify(error).IsPermanent, error.ToString());
        Assert.Empty(await AllFailuresAsync());
        Assert.Equal(1, await Store.AppendAccessFailuresAsync([Refused("a", 1)], None));
    }

    [Fact]
    public async Task The_list_filters_by_range_reason_client_and_peer_newest_first_within_the_limit()
    {
        await Store.AppendAccessFailuresAsync(
        [
            Refused("early", 5),
            Refused("a", 10, ip: "192.0.2.7"),
            Refused("a", 20, "banned", ip: "192.0.2.200"),
            Refused("b", 30, ip: "192.0.3.7"),
            Refused("A", 40, ip: "2001:db8:1:ffff::1"),
            Denied("a", 50, "t", ip: "2001:db8:1::9"),
            Refused("v6-other", 60, ip: "2001:db8:2::1"),
            Refused("late", 100),
        ], None);

        async Task<string[]> List(int limit = 100, string? reason = null, string? client = null, PeerFilter? peer = null) =>
            (await Store.GetAccessFailuresAsync(new AccessFailureFilter(At(10), At(100), limit) { ReasonCode = reason, ClientId = client, Peer = peer }, None)).Select(Key).ToArray();

        Assert.Equal(["v6-other@60", "a@50", "A@40", "b@30", "a@20", "a@10"], await List());
        Assert.Equal(["v6-other@60", "a@50"], await List(limit: 2));
        Assert.Equal(["a@20"], await List(reason: "banned"));
        Assert.Empty(await List(reason: "Banned"));
        Assert.Equal(["a@50", "a@20", "a@10"], await List(client: "a"));
        Assert.Equal(["a@10"], await List(peer: new PeerFilter("192.0.2.7", false)));
        Assert.Equal(["a@20", "a@10"], await List(peer: new PeerFilter("192.0.2.0/24", true)));
        Assert.Equal(["a@50", "A@40"], await List(peer: new PeerFilter("2001:db8:1::/48", true)));
        Assert.Equal(["a@20"], await List(reason: "banned", client: "a", peer: new PeerFilter("192.0.2.0/24", true)));
    }

    [Fact]
    public async Task Refused_buckets_count_connacks_per_reason_code_from_the_range_start()
    {
        await Store.AppendAccessFailuresAsync(
        [
            Refused("a", 999),
            Refused("a", 1_000), Refused("b", 10_999), Refused("c", 10_999, "banned"),
            AuthnFailed("a", 5_000), Denied("a", 5_000, "t"),
            Refused("d", 21_000, "Some_New_Code ü"),
            Refused("e", 31_000),
        ], None);

        var buckets = await Store.GetRefusedBucketsAsync(At(1_000), At(31_000), TimeSpan.FromSeconds(10), None);

        Assert.Equal([At(1_000), At(21_000)], buckets.Select(b => b.Start));
        Assert.Equal(new Dictionary<string, long> { ["bad_username_or_password"] = 2, ["banned"] = 1 }, buckets[0].Counts);
        Assert.Equal(new Dictionary<string, long> { ["Some_New_Code ü"] = 1 }, buckets[1].Counts);
    }

    [Fact]
    public async Task Offenders_group_by_client_username_ip_and_network_with_counts_times_and_reason_codes()
    {
        await Store.AppendAccessFailuresAsync(
        [
            Refused("a", 10, ip: "192.0.2.7", username: "u1"),
            Refused("a", 20, "banned", ip: "192.0.2.8", username: "u1"),
            Refused("a", 30, ip: "192.0.2.7", username: "u1"),
            Refused("b", 40, ip: "2001:db8:1::1", username: "u2"),
            Refused("c", 50, "server_busy", ip: "2001:db8:1:ff::2", username: null),
            Refused("d", 60, ip: null, username: null),
            AuthnFailed("a", 70), Denied("a", 70, "t"),
            Refused("a", 500),
        ], None);

        async Task<string[]> Top(OffenderKey by, int limit = 10) =>
            (await Store.GetRefusedOffendersAsync(by, At(0), At(100), limit, None))
                .Select(o => $"{o.Key}:{o.Count}:{(o.FirstAt - T0).TotalMilliseconds}-{(o.LastAt - T0).TotalMilliseconds}:{string.Join('+', o.ReasonCodes.Select(r => $"{r.ReasonCode}={r.Count}"))}")
                .ToArray();

        Assert.Equal(
            ["a:3:10-30:bad_username_or_password=2+banned=1", "d:1:60-60:bad_username_or_password=1", "c:1:50-50:server_busy=1", "b:1:40-40:bad_username_or_password=1"],
            await Top(OffenderKey.ClientId));
        Assert.Equal(["a:3:10-30:bad_username_or_password=2+banned=1"], await Top(OffenderKey.ClientId, 1));
        Assert.Equal(["u1:3:10-30:bad_username_or_password=2+banned=1", "u2:1:40-40:bad_username_or_password=1"], await Top(OffenderKey.Username));
        Assert.Equal(
            ["192.0.2.7:2:10-30:bad_username_or_password=2", "2001:db8:1:ff::2:1:50-50:server_busy=1", "2001:db8:1::1:1:40-40:bad_username_or_password=1", "192.0.2.8:1:20-20:banned=1"],
            await Top(OffenderKey.PeerIp));
        Assert.Equal(
            ["192.0.2.0/24:3:10-30:bad_username_or_password=2+banned=1", "2001:db8:1::/48:2:40-50:bad_username_or_password=1+server_busy=1"],
            await Top(OffenderKey.Network));
    }

    [Fact]
    public async Task Authorization_denials_group_by_client_topic_action_and_source()
    {
        await Store.AppendAccessFailuresAsync(
        [
            Denied("a", 10, "cmd/1"), Denied("a", 20, "cmd/1"), Denied("a", 30, "cmd/1", action: "subscribe"),
            Denied("b", 40, "cmd/1", source: "default"), Refused("a", 50), Denied("a", 500, "cmd/1"),
        ], None);

        var groups = await Store.GetAuthorizationDenialsAsync(At(0), At(100), 10, None);

        Assert.Equal(
            [new AuthorizationDenialGroup("a", "cmd/1", "publish", "file", 2, At(10), At(20)),
             new AuthorizationDenialGroup("b", "cmd/1", "publish", "default", 1, At(40), At(40)),
             new AuthorizationDenialGroup("a", "cmd/1", "subscribe", "file", 1, At(30), At(30))],
            groups);
        Assert.Single(await Store.GetAuthorizationDenialsAsync(At(0), At(100), 1, None));
    }

    [Fact]
    public async Task Access_failures_are_pruned_oldest_first_in_batches_and_the_events_are_not_touched()
    {
        await Store.AppendAccessFailuresAsync(Enumerable.Range(0, 5).Select(i => Refused($"c{i}", i)).ToArray(), None);
        await Store.AppendAsync([Connected("a", 1)], None);

        Assert.Equal(2, await Store.PruneAccessFailuresAsync(At(3), 2, None));
        Assert.Equal(1, await Store.PruneAccessFailuresAsync(At(3), 2, None));
        Assert.Equal(0, await Store.PruneAccessFailuresAsync(At(3), 2, None));

        Assert.Equal(["c4@4", "c3@3"], (await AllFailuresAsync()).Select(Key));
        Assert.Single(await AllAsync());
    }

    [Fact]
    public async Task The_previous_schema_version_upgrades_in_place_and_keeps_its_events()
    {
        var old = await CreateDatabaseAtVersionAsync(SchemaSteps.Length - 1, OneOldEvent);
        var store = await OpenInitializedAsync(old);

        Assert.Single(await AllAsync(store));
        Assert.Equal(1, await store.AppendAccessFailuresAsync([Refused("a", 1)], None));
        Assert.Equal(0, await (await OpenInitializedAsync(old)).AppendAccessFailuresAsync([Refused("a", 1)], None));
        Assert.Single(await AllFailuresAsync(store));
    }
}
