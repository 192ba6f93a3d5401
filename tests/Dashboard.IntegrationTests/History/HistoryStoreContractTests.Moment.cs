using Dashboard.Core.Events;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>"Who was online at 10:00": the online set at a moment, and the disconnects around it, from a seeded history.</summary>
public abstract partial class HistoryStoreContractTests
{
    private const string Ip1 = "192.0.2.1";
    private const string Ip2 = "192.0.2.2";

    /// <summary>
    /// A table of sessions, one client per story (times in ms after T0). Stored in one batch, in an
    /// order that is not event order, as late events arrive.
    /// </summary>
    private static ConnectionEvent[] MomentHistory() =>
    [
        // a: one session, 10 to 20.
        Disconnected("a", 20, 10, "keepalive_timeout"), Connected("a", 10),

        // b: online since 0, never ended.
        Connected("b", 0),

        // c: taken over at 30 by a connection from another IP; the old session's disconnect (naming
        // its own start, 10) arrives after the new connect and must not end it.
        Connected("c", 10, ip: Ip1), Connected("c", 30, ip: Ip2), Disconnected("c", 31, 10, "takenover", ip: Ip1),

        // d: the same takeover without connected_at or ports ($SYS-like): the peer rules it out.
        Connected("d", 10, ip: Ip1, port: null) with { ConnectedAt = null },
        Connected("d", 30, ip: Ip2, port: null) with { ConnectedAt = null },
        Disconnected("d", 31, null, "takenover", ip: Ip1, port: null),

        // d2: the same from one IP: a takeover's disconnect ends the replaced connection, not the new one.
        Connected("d2", 10, ip: Ip1, port: null) with { ConnectedAt = null },
        Connected("d2", 30, ip: Ip1, port: null) with { ConnectedAt = null },
        Disconnected("d2", 31, null, "discarded", ip: Ip1, port: null),

        // e: a late disconnect (at 50) of an older session (started at 5) names that session only.
        Connected("e", 10), Disconnected("e", 50, 5, "tcp_closed"),

        // f: ended by reconcile, a (reconciled) disconnect naming its session.
        Connected("f", 10), Disconnected("f", 40, 10, "(reconciled)") with { Source = EventSourceKind.Rest },

        // h: a clamped start (our receive time): any later disconnect ends it, even from another peer.
        Connected("h", 10) with { TimeClamped = true }, Disconnected("h", 22, null, "normal", ip: Ip2),

        // i: off at 20, back at 30.
        Connected("i", 10), Disconnected("i", 20, 10, "normal"), Connected("i", 30),

        // j: no connected_at anywhere: the disconnect from the same peer ends it.
        Connected("j", 10) with { ConnectedAt = null }, Disconnected("j", 20, null, "sock_closed"),
    ];

    [Fact]
    public async Task Online_at_a_moment_follows_the_session_model()
    {
        await Store.AppendAsync(MomentHistory(), None);

        (long, string[])[] expected =
        [
            (-1, []),
            (5, ["b"]),
            (10, ["a", "b", "c", "d", "d2", "e", "f", "h", "i", "j"]),
            (19, ["a", "b", "c", "d", "d2", "e", "f", "h", "i", "j"]),
            (20, ["b", "c", "d", "d2", "e", "f", "h"]),
            (25, ["b", "c", "d", "d2", "e", "f"]),
            (35, ["b", "c", "d", "d2", "e", "f", "i"]),
            (40, ["b", "c", "d", "d2", "e", "i"]),
            (60, ["b", "c", "d", "d2", "e", "i"]),
        ];

        foreach (var (ms, clients) in expected)
        {
            var online = await Store.GetOnlineAtAsync(At(ms), null, 100, null, None);
            Assert.Equal($"{ms}: {string.Join(' ', clients)}", $"{ms}: {string.Join(' ', online.Select(e => e.ClientId))}");
        }
    }

    [Fact]
    public async Task Online_at_a_moment_returns_the_connect_of_the_session_open_then()
    {
        await Store.AppendAsync(MomentHistory(), None);

        var c = Assert.Single(await Store.GetOnlineAtAsync(At(35), "b", 1, null, None));

        Assert.Equal(("c", ConnectionEventKind.Connected, At(30), Ip2), (c.ClientId, c.Kind, c.EventTime, c.PeerIp));
    }

    [Fact]
    public async Task Online_at_a_moment_is_read_on_by_client_id_keyset()
    {
        await Store.AppendAsync(Enumerable.Range(0, 30).Select(i => Connected($"p{i:D2}", i)).ToArray(), None);

        async Task<string[]> Page(string? after, int limit) =>
            (await Store.GetOnlineAtAsync(At(100), after, limit, null, None)).Select(e => e.ClientId).ToArray();

        Assert.Equal(["p00", "p01", "p02"], await Page(null, 3));
        Assert.Equal(["p10", "p11"], await Page("p09", 2));
        Assert.Equal(["p10", "p11"], await Page("p09x", 2));
        Assert.Equal(["p28", "p29"], await Page("p27", 10));
        Assert.Empty(await Page("p29", 10));
        Assert.Equal(["p00", "p01", "p02", "p03", "p04"], (await Store.GetOnlineAtAsync(At(4), null, 100, null, None)).Select(e => e.ClientId));
    }

    [Fact]
    public async Task Reading_the_online_set_on_in_batches_gives_each_client_once()
    {
        await Store.AppendAsync(MomentHistory(), None);

        var read = new List<string>();
        string? after = null;
        while (await Store.GetOnlineAtAsync(At(35), after, 2, null, None) is { Count: > 0 } batch)
        {
            read.AddRange(batch.Select(e => e.ClientId));
            after = batch[^1].ClientId;
        }

        Assert.Equal(["b", "c", "d", "d2", "e", "f", "i"], read);
    }

    [Fact]
    public async Task Disconnects_around_a_moment_are_inclusive_oldest_first_and_limited()
    {
        await Store.AppendAsync(MomentHistory(), None);

        var around = await Store.GetDisconnectsAsync(At(20), 0, At(31), 100, None);

        // By event time, then in storage order (the order of the batch).
        Assert.Equal(
            ["a@20:keepalive_timeout", "i@20:normal", "j@20:sock_closed", "h@22:normal", "c@31:takenover", "d@31:takenover", "d2@31:discarded"],
            around.Select(e => $"{e.ClientId}@{(e.EventTime - T0).TotalMilliseconds}:{e.Reason}"));
        Assert.Equal(2, (await Store.GetDisconnectsAsync(At(20), 0, At(31), 2, None)).Count);
        Assert.Empty(await Store.GetDisconnectsAsync(At(41), 0, At(49), 100, None));
    }

    [Fact]
    public async Task Disconnects_around_a_moment_are_read_on_after_the_last_time_and_id()
    {
        await Store.AppendAsync(MomentHistory(), None);

        // Two at a time, so that a batch ends between the three disconnects of 20 and of 31.
        var read = new List<string>();
        var (from, afterId) = (At(20), 0L);
        while (await Store.GetDisconnectsAsync(from, afterId, At(31), 2, None) is { Count: > 0 } batch)
        {
            read.AddRange(batch.Select(e => $"{e.ClientId}@{(e.EventTime - T0).TotalMilliseconds}"));
            (from, afterId) = (batch[^1].EventTime, batch[^1].Id);
        }

        Assert.Equal(["a@20", "i@20", "j@20", "h@22", "c@31", "d@31", "d2@31"], read);
    }
}
