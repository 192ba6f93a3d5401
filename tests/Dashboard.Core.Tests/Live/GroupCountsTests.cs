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
    public async Task At_a_million_clients_counting_sees_a_consistent_copy_while_batches_go_on_being_applied()
    {
        using var state = new LiveState(new LiveStateOptions(), new IngestDiagnostics(), TimeProvider.System);
        const int Clients = 1_000_000;
        for (var start = 0; start < Clients; start += 50_000)
        {
            state.ApplyBatch([.. Enumerable.Range(start, 50_000).Select(i => Connected(i % 3 == 0 ? $"plant-3/{i}" : $"dev-{i}", 1000 + i, ip: $"10.{i % 5}.{i % 250}.{i % 200}", username: $"ops-{i % 10}"))]);
        }

        // A writer on its own thread adds one new client per batch for as long as the counting runs.
        using var stop = new CancellationTokenSource();
        var batches = 0;
        var writer = Task.Factory.StartNew(
            () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    state.ApplyBatch([Connected($"late-{batches}", 5_000_000 + batches, ip: "10.3.9.9")]);
                    batches++;
                    Thread.Sleep(1); // paced, as the pipeline's batches are: a writer in a tight loop would keep the reader from the lock
                }
            },
            TaskCreationOptions.LongRunning);

        var counts = await Task.Run(() => state.CountByGroup(Groups));
        await stop.CancelAsync();
        await writer;

        // The copy is one consistent moment: the million, plus however many late clients were in by then
        // (all in "net", by their IP), never a torn count. How long each batch waited for the copy is
        // measured by the apply-under-reads benchmark (reader "groups"), not here.
        var lateSeen = counts.Values.Sum(c => c.Known) - Clients;
        Assert.InRange(lateSeen, 0, batches);
        // plant-3's are every third client, less those whose IP falls in "net" first.
        Assert.Equal(Enumerable.Range(0, Clients).Count(i => i % 3 == 0 && i % 5 != 3), counts["plant-3"].Known);
        Assert.Equal(Clients + batches, state.CountByGroup(Groups).Values.Sum(c => c.Known));
    }
}
