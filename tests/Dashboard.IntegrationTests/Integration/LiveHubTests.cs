using Dashboard.Tests.Shared;
using System.Threading.Channels;
using Dashboard.Live;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Tests.Integration;

/// <summary>The public live API: a snapshot on connect, then coalesced updates as events arrive.</summary>
public sealed class LiveHubTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    [Fact]
    public async Task A_hub_client_gets_a_snapshot_then_updates_with_the_changed_client_ids()
    {
        await using var app = new DashboardApp(broker);
        await app.StartAsync();
        await using var publisher = await EventPublisher.ConnectAsync(broker);
        await publisher.PublishAsync("client_connected", Fixtures.Read("client_connected.json"));
        await Eventually.HoldsAsync(() => app.GetClientsAsync(), page => page.Total == 1, "the first client is online");

        var updates = Channel.CreateUnbounded<LiveUpdate>();
        await using var hub = app.CreateHubConnection();
        hub.On<LiveUpdate>(LiveHub.UpdateMethod, update => updates.Writer.TryWrite(update));
        await hub.StartAsync();

        var snapshot = await ReadAsync(updates.Reader);
        Assert.Equal(0, snapshot.Sequence);
        Assert.Equal(1, snapshot.Online);

        await publisher.PublishAsync("client_connected", """{"event":"client.connected","clientid":"second","connected_at":1749551400200,"peername":"10.0.0.2:4000"}""");
        await publisher.PublishAsync("client_disconnected", Fixtures.Read("client_disconnected_normal.json"));

        // Updates are coalesced: read until one reflects both events.
        var seen = new HashSet<string>();
        LiveUpdate update;
        do
        {
            update = await ReadAsync(updates.Reader);
            Assert.True(update.Sequence > 0);
            seen.UnionWith(update.ChangedClientIds);
        }
        while (!(seen.Contains("second") && seen.Contains("sensor-0042") && update.Online == 1));

        Assert.Equal(1, update.Online);
        Assert.Equal(2, update.Known);
        Assert.Equal(1, (await hub.InvokeAsync<LiveUpdate>("GetSummary")).Online);
    }

    private static async Task<LiveUpdate> ReadAsync(ChannelReader<LiveUpdate> reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await reader.ReadAsync(timeout.Token);
    }
}
