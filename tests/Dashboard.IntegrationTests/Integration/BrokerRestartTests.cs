using Dashboard.Tests.Shared;
using Dashboard.Core.Ingestion;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary>The broker goes away mid-run and comes back: the dashboard reconnects, resubscribes and resumes.</summary>
public sealed class BrokerRestartTests : IAsyncLifetime
{
    private readonly MosquittoBroker _broker = new();

    public Task InitializeAsync() => _broker.InitializeAsync();

    public Task DisposeAsync() => _broker.DisposeAsync();

    [Fact]
    public async Task Reconnects_after_a_broker_restart_and_keeps_ingesting()
    {
        await using var app = new DashboardApp(_broker);
        await app.StartAsync();
        await using (var before = await EventPublisher.ConnectAsync(_broker))
        {
            await before.PublishAsync("client_connected", Fixtures.Read("client_connected.json"));
        }

        await Eventually.HoldsAsync(() => app.GetClientsAsync(), page => page.Total == 1, "the first client is online");

        await _broker.StopAsync();
        var down = await Eventually.HoldsAsync(
            app.GetIngestStatusAsync,
            s => s.Sources.Single(source => source.Name == "mqtt").State != IngestSourceState.Connected,
            "the source notices the broker is gone");
        Assert.NotNull(down.Sources.Single(source => source.Name == "mqtt").LastError);

        // The restarted broker has no session for us (no persistence): the dashboard must subscribe again.
        await _broker.StartAsync();
        await app.WaitUntilSubscribedAsync();
        await using var after = await EventPublisher.ConnectAsync(_broker);
        await after.PublishAsync("client_disconnected", Fixtures.Read("client_disconnected_normal.json"));
        await after.PublishAsync("client_disconnected", Fixtures.Read("client_disconnected_ipv6.json"));

        await Eventually.HoldsAsync(() => app.GetClientsAsync("?state=offline"), page => page.Total == 2, "both disconnects after the restart are applied");
        Assert.Equal(0, (await app.GetClientsAsync()).Total);
        var status = await app.GetIngestStatusAsync();
        Assert.True(status.Sources.Single(source => source.Name == "mqtt").ConnectAttempts >= 2);
        Assert.Equal("2400:3200:1600::1234", (await app.GetClientsAsync("?state=offline&q=edge-v6")).Items.Single().PeerIp);
    }
}
