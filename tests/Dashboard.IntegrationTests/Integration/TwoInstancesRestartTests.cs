using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary>
/// Either of two instances can go away at any time without losing an event: the other goes on
/// storing the whole stream, and the one that comes back gets what it missed from its persistent
/// session (and from history, which the other kept writing), so both show the same fleet again.
/// </summary>
[Collection(TwoInstancesAlone.Name)]
public sealed class TwoInstancesRestartTests(PostgresServer postgres, MosquittoBroker broker) : IClassFixture<PostgresServer>, IClassFixture<MosquittoBroker>
{
    private const int PerSecond = 2000;

    [Fact]
    public async Task After_kill_minus_9_of_one_the_other_goes_on_and_history_is_complete()
    {
        await using var pair = await InstancePair.StartAsync(broker, await postgres.CreateDatabaseAsync());
        await using var stream = await FleetEvents.ConnectAsync(broker, "killed");
        var publishing = stream.PublishAsync(20_000, PerSecond);

        await Eventually.HoldsAsync(pair.B.TryGetStatusAsync, s => s?.Received >= 4000, "instance B has received part of the stream", TimeSpan.FromSeconds(60));
        await pair.KillAsync(1);

        // A keeps receiving while the stream flows on without B.
        var afterKill = (await pair.A.TryGetStatusAsync())!.Received;
        await Eventually.HoldsAsync(pair.A.TryGetStatusAsync, s => s?.Received >= afterKill + 2000, "instance A goes on receiving after B is killed", TimeSpan.FromSeconds(60));
        await publishing;

        Assert.Equal(0, stream.Failed);
        await pair.A.HasCompleteHistoryAsync(stream, "instance A");
        await pair.A.ShowsFleetAsync(stream, "instance A");

        // B comes back with the same client ID: its session holds what it missed, history the rest.
        await pair.StartAsync(1);
        await pair.B.ShowsFleetAsync(stream, "instance B after its restart");
        await pair.B.HasCompleteHistoryAsync(stream, "instance B after its restart");
        Assert.Equal(await pair.A.ClientIdsAsync("online"), await pair.B.ClientIdsAsync("online"));
    }

    [Fact]
    public async Task A_rolling_restart_of_both_while_events_flow_loses_nothing_and_doubles_nothing()
    {
        await using var pair = await InstancePair.StartAsync(broker, await postgres.CreateDatabaseAsync());
        await using var stream = await FleetEvents.ConnectAsync(broker, "rolling");
        using var restarted = new CancellationTokenSource();
        var publishing = Task.Run(async () =>
        {
            // One-second chunks until both have been restarted, then two more for the tail.
            while (!restarted.IsCancellationRequested)
            {
                await stream.PublishAsync(PerSecond, PerSecond);
            }

            await stream.PublishAsync(2 * PerSecond, PerSecond);
        });

        // As a Deployment's rolling update does it: stop one (SIGTERM), start it, wait until it
        // has subscribed, then the other.
        for (var instance = 0; instance < 2; instance++)
        {
            await Eventually.HoldsAsync(() => Task.FromResult(stream.Connects), c => c >= (instance + 1) * PerSecond, "events flow", TimeSpan.FromSeconds(60));
            var beforeStop = stream.Connects;
            await pair.StopAsync(instance);
            await pair.StartAsync(instance);
            Assert.True(stream.Connects > beforeStop, "events were published while the instance was down");
        }

        await restarted.CancelAsync();
        await publishing;

        Assert.Equal(0, stream.Failed);
        await pair.A.HasCompleteHistoryAsync(stream, "instance A");
        await pair.B.HasCompleteHistoryAsync(stream, "instance B");
        await pair.A.ShowsFleetAsync(stream, "instance A");
        await pair.B.ShowsFleetAsync(stream, "instance B");
    }
}
