using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary>
/// An instance that joins a running stream under a client ID the broker has no session for (a new
/// pod, a session that expired) gets nothing queued: the events between rebuilding its live state
/// from history and subscribing reach it only through history, which the other instance kept
/// writing. It catches up from there (HistoryCatchUp) and shows exactly the fleet the other shows.
/// </summary>
[Collection(TwoInstancesAlone.Name)]
public sealed class TwoInstancesFreshSessionTests(PostgresServer postgres, MosquittoBroker broker) : IClassFixture<PostgresServer>, IClassFixture<MosquittoBroker>
{
    private const int PerSecond = 2000;

    [Fact]
    public async Task An_instance_started_under_a_new_client_id_while_events_flow_shows_the_whole_fleet()
    {
        await using var pair = await InstancePair.StartFirstAsync(broker, await postgres.CreateDatabaseAsync());
        await using var stream = await FleetEvents.ConnectAsync(broker, "fresh");
        var bStarted = new TaskCompletionSource();

        // The stream runs on in one-second chunks until B is up, then five seconds more, so B starts
        // in the middle of it however long its start takes on a busy machine.
        var publishing = Task.Run(async () =>
        {
            await stream.PublishAsync(3 * PerSecond, PerSecond);
            while (!bStarted.Task.IsCompleted)
            {
                await stream.PublishAsync(PerSecond, PerSecond);
            }

            await stream.PublishAsync(5 * PerSecond, PerSecond);
        });

        // A few seconds into the stream, B starts: it reads history, then subscribes, while events flow.
        await Eventually.HoldsAsync(() => Task.FromResult(stream.Connects), c => c >= 3 * PerSecond, "the stream has been flowing for about 3 s", TimeSpan.FromSeconds(60));
        await pair.StartAsync(1);
        bStarted.SetResult();
        await publishing;

        Assert.Equal(0, stream.Failed);
        await pair.A.ShowsFleetAsync(stream, "instance A");
        await pair.B.ShowsFleetAsync(stream, "instance B, started under a new client ID");
        Assert.Equal(await pair.A.ClientIdsAsync("online"), await pair.B.ClientIdsAsync("online"));
        Assert.Equal(await pair.A.ClientIdsAsync("offline"), await pair.B.ClientIdsAsync("offline"));
        await pair.B.HasCompleteHistoryAsync(stream, "instance B");

        // It said what it did, with the figures.
        Assert.Contains(pair.B.Stdout, line => line.Contains("New MQTT session: caught up", StringComparison.Ordinal));
    }
}
