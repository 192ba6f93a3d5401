using Dashboard.Core.History;
using Dashboard.History;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>
/// "Online at T" for one username (the rollup's username index, <see cref="SessionQueries.OnlineAtByUsernameSql"/>):
/// the unfiltered answer's clients whose session began with a connect of that username, from the rollup and from the
/// events alike; and a database from before the rollup had usernames gets them from a fresh backfill.
/// </summary>
public abstract partial class HistoryStoreContractTests
{
    private static readonly string?[] MessyUsernames = ["u-a", "u-b", null];

    /// <summary>Connects of one client take turns: its sessions carry different usernames, and some none.</summary>
    private static string? MessyUsername(long time) => MessyUsernames[time % 3];

    private static async Task AssertUsernameFilterMatchesAsync(MomentQueries events, SessionQueries sessions, DateTimeOffset at, IReadOnlyList<StoredEvent> online)
    {
        foreach (var username in MessyUsernames.OfType<string>())
        {
            var expected = Keys(online.Where(e => e.Event.Username == username));
            Assert.Equal(expected, Keys(await sessions.OnlineAtAsync(at, null, 1000, username, None)));
            Assert.Equal(expected, Keys(await events.OnlineAtAsync(at, null, 1000, username, None)));

            // The keyset reads on within the username, one client a page.
            var paged = new List<StoredEvent>();
            string? after = null;
            while (await sessions.OnlineAtAsync(at, after, 1, username, None) is [var next])
            {
                paged.Add(next);
                after = next.Event.ClientId;
            }

            Assert.Equal(expected, Keys(paged));
        }

        static string Keys(IEnumerable<StoredEvent> rows) => $"{string.Join(' ', rows.Select(e => $"{e.Event.ClientId}#{e.Id}"))}";
    }

    [Fact]
    public async Task A_username_nobody_used_finds_nobody_online()
    {
        await Store.AppendAsync(MomentHistory(), None);

        Assert.NotEmpty(await Store.GetOnlineAtAsync(At(10), null, 100, null, None));
        Assert.Empty(await Store.GetOnlineAtAsync(At(10), null, 100, "nobody", None));
    }

    [Fact]
    public async Task A_rollup_from_before_usernames_is_backfilled_again_and_then_filters_by_username()
    {
        // The previous schema version with one open session in its rollup: a row without a username.
        var ms = At(1).ToUnixTimeMilliseconds();
        var old = await CreateDatabaseAtVersionAsync(SchemaSteps.Length - 1, $"""
            INSERT INTO connection_events (client_id, kind, event_time_ms, received_at_ms, source, username, peer_ip, connected_at_ms)
            VALUES ('a', 'connected', {ms}, {ms}, 'mqtt', 'u-old', '10.0.0.1', {ms});
            INSERT INTO {SessionTable.Table} (client_id, started_ms, ended_ms, connect_id, lvl, bucket)
            SELECT client_id, event_time_ms, NULL, id, NULL, NULL FROM connection_events;
            """);
        var store = await OpenInitializedAsync(old);

        // Until the backfill has run again, the events answer.
        Assert.Equal("a", Assert.Single(await store.GetOnlineAtAsync(At(5), null, 10, "u-old", None)).Event.ClientId);
        while (!(await ((ISessionRollup)store).BackfillStepAsync(10, None)).Done)
        {
        }

        // Now the rollup answers (its backfill is done), from the username the backfill wrote.
        var reopened = await OpenInitializedAsync(old);
        Assert.Equal("a", Assert.Single(await reopened.GetOnlineAtAsync(At(5), null, 10, "u-old", None)).Event.ClientId);
        Assert.Empty(await reopened.GetOnlineAtAsync(At(5), null, 10, "u-new", None));
    }
}
