using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary>
/// The scale-out as the design has it: two app processes, each a full subscriber with its own
/// <c>Mqtt:ClientId</c>, on one PostgreSQL and one mosquitto. Both receive every event and both
/// write it; the store's identity index makes the second write a no-op, so history holds each
/// event once, and both build the same live state. The restart tests are in
/// <see cref="TwoInstancesRestartTests"/>.
/// </summary>
[Collection(TwoInstancesAlone.Name)]
public sealed class TwoInstancesTests(PostgresServer postgres, MosquittoBroker broker) : IClassFixture<PostgresServer>, IClassFixture<MosquittoBroker>
{
    [Fact]
    public async Task Events_published_while_both_run_are_stored_once()
    {
        await using var pair = await InstancePair.StartAsync(broker, await postgres.CreateDatabaseAsync());

        await using var stream = await PublishAsync("stored-once", 8000);

        Assert.Equal(8000 + (8000 / FleetEvents.DisconnectEvery), stream.Published);
        await pair.A.HasCompleteHistoryAsync(stream, "instance A");
        await pair.B.HasCompleteHistoryAsync(stream, "instance B");

        // Each instance received the whole stream itself: both are full subscribers.
        Assert.Equal(stream.Published, (await pair.A.TryGetStatusAsync())!.Received);
        Assert.Equal(stream.Published, (await pair.B.TryGetStatusAsync())!.Received);
    }

    [Fact]
    public async Task Both_instances_show_the_same_online_and_offline_clients()
    {
        await using var pair = await InstancePair.StartAsync(broker, await postgres.CreateDatabaseAsync());

        await using var stream = await PublishAsync("same-set", 6000);

        await pair.A.ShowsFleetAsync(stream, "instance A");
        await pair.B.ShowsFleetAsync(stream, "instance B");
        Assert.Equal(await pair.A.ClientIdsAsync("online"), await pair.B.ClientIdsAsync("online"));
        Assert.Equal(await pair.A.ClientIdsAsync("offline"), await pair.B.ClientIdsAsync("offline"));
    }

    /// <summary>The events of <paramref name="clients"/> clients at 2,000 connects/s, every one acknowledged by the broker.</summary>
    private async Task<FleetEvents> PublishAsync(string prefix, int clients)
    {
        var stream = await FleetEvents.ConnectAsync(broker, prefix);
        await stream.PublishAsync(clients, perSecond: 2000);
        Assert.Equal(0, stream.Failed);
        return stream;
    }
}

/// <summary>The two-instance classes run one after the other: four dashboards at once would only measure the machine.</summary>
[CollectionDefinition(Name)]
public sealed class TwoInstancesAlone
{
    public const string Name = "Two instances";
}
