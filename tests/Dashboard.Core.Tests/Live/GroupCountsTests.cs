using Dashboard.Core.Groups;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Core.Tests.Live;

/// <summary>Counting clients per group: one pass, the first match wins, and the pipeline is not held up by the matching.</summary>
public sealed class GroupCountsTests
{
    private static readonly GroupMatcher Groups = new(
    [
        DeviceGroup.TryCreate("net", null, null, "10.3.0.0/16", out _)!,
        DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!,
        DeviceGroup.TryCreate("ops", null, "ops-?", null, out _)!,
    ]);

    [Fact]
    public void Counts_online_and_known_per_group_by_the_first_match()
    {
        // At the events' own time, so the offline client is not yet past its retention.
        using var state = new LiveState(new LiveStateOptions(), new IngestDiagnostics(), new Dashboard.Tests.Shared.ManualTimeProvider(T0));
        state.ApplyBatch(
        [
            Connected("plant-3/a", 1, ip: "10.3.0.1"),
            Connected("plant-3/b", 2, ip: "10.9.0.1"),
            Connected("plant-3/c", 3, ip: "10.9.0.1"),
            Disconnected("plant-3/c", 4, ip: "10.9.0.1"),
            Connected("x", 5, username: "ops-1"),
            Connected("y", 6, username: null),
        ]);

        var counts = state.CountByGroup(Groups);

        Assert.Equal(new GroupCount(1, 1), counts["net"]);
        Assert.Equal(new GroupCount(1, 2), counts["PLANT-3"]);
        Assert.Equal(new GroupCount(1, 1), counts["ops"]);
        Assert.Equal(3, counts.Count);
        Assert.Empty(state.CountByGroup(GroupMatcher.None));
        Assert.Equal(["plant-3/a"], state.OpenSessions(Groups, "net").Select(s => s.ClientId));
    }

    [Fact]
    public async Task At_a_million_clients_the_pipeline_keeps_applying_while_groups_are_counted()
    {
        using var state = new LiveState(new LiveStateOptions(), new IngestDiagnostics(), TimeProvider.System);
        const int Clients = 1_000_000;
        for (var start = 0; start < Clients; start += 50_000)
        {
            state.ApplyBatch([.. Enumerable.Range(start, 50_000).Select(i => Connected(i % 3 == 0 ? $"plant-3/{i}" : $"dev-{i}", 1000 + i, ip: $"10.{i % 5}.{i % 250}.{i % 200}", username: $"ops-{i % 10}"))]);
        }

        var counting = Task.Run(() => state.CountByGroup(Groups));
        var batches = 0;
        while (!counting.IsCompleted)
        {
            state.ApplyBatch([Connected($"late-{batches}", 5_000_000 + batches)]);
            batches++;
            await Task.Delay(1);
        }

        var counts = await counting;
        Assert.Equal(Clients, counts.Values.Sum(c => c.Known));

        // The lock is held for the copy only; the matching of a million clients takes the rest, and batches
        // go on being applied meanwhile. How long each waits is for a benchmark, not for this test.
        Assert.True(batches > 1, "batches were applied while counting");
    }
}
