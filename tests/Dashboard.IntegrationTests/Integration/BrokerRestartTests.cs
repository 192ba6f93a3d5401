using Dashboard.Api;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.Integration;

/// <summary>
/// The broker goes away mid-run and comes back, without persistence, so with no session for us: the
/// dashboard reconnects, resubscribes and resumes, and catches up from history on what another
/// instance stored meanwhile.
/// </summary>
public sealed class BrokerRestartTests : IAsyncLifetime
{
    private readonly MosquittoBroker _broker = new();

    public Task InitializeAsync() => _broker.InitializeAsync();

    public Task DisposeAsync() => _broker.DisposeAsync();

    [Fact]
    public async Task Reconnects_after_a_broker_restart_and_keeps_ingesting()
    {
        await using var app = new DashboardApp(_broker);
        var down = await StartWithOneClientThenStopTheBrokerAsync(app);
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

    [Fact]
    public async Task After_a_broker_restart_without_its_session_the_events_stored_meanwhile_reach_live_state()
    {
        await using var app = new DashboardApp(_broker);
        await StartWithOneClientThenStopTheBrokerAsync(app);

        // Another instance, back on the broker first, received and stored these (written here straight
        // into this app's store, as its inserts into the shared one would be); this one never will over MQTT.
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var store = app.Services.GetRequiredService<IHistoryStore>();
        await store.AppendAsync([Disconnected("sensor-0042", now, null, "normal", "172.18.0.1", 53122), Connected("seen-by-the-other", now)], CancellationToken.None);

        await _broker.StartAsync();
        await app.WaitUntilSubscribedAsync();

        var online = await Eventually.HoldsAsync(() => app.GetClientsAsync(), page => page.Total == 1 && page.Items[0].ClientId == "seen-by-the-other", "the client only history knows is online");
        Assert.Equal("seen-by-the-other", online.Items.Single().ClientId);
        var offline = await app.GetClientsAsync("?state=offline");
        Assert.Equal("sensor-0042", offline.Items.Single().ClientId);

        // Live state applied them; the store already had them, so nothing was written twice.
        Assert.Equal(3, (await store.GetStatsAsync(CancellationToken.None)).EventCount);

        // Counted once each: the catch-up also read back sensor-0042's connect, which this instance had
        // seen, and that is a duplicate, not a second accepted event (the conflict detector sees only
        // accepted ones). Caught-up events are not received traffic: one payload came over MQTT.
        var status = await Eventually.HoldsAsync(app.GetIngestStatusAsync, s => s.History.AlreadyStored >= 2, "the caught-up events went to the store");
        Assert.Equal(1, status.Received);
        Assert.Equal(3, status.Accepted);
        Assert.Equal(1, status.Duplicates);
        Assert.Equal(1, status.History.Stored);
        Assert.Equal(2, status.History.AlreadyStored);
    }

    /// <summary>Starts the app, shows it sensor-0042's connect, stops the broker; returns the status once the source has noticed.</summary>
    private async Task<IngestStatusDto> StartWithOneClientThenStopTheBrokerAsync(DashboardApp app)
    {
        await app.StartAsync();
        await using (var before = await EventPublisher.ConnectAsync(_broker))
        {
            await before.PublishAsync("client_connected", Fixtures.Read("client_connected.json"));
        }

        await Eventually.HoldsAsync(() => app.GetClientsAsync(), page => page.Total == 1, "the first client is online");

        await _broker.StopAsync();
        return await Eventually.HoldsAsync(
            app.GetIngestStatusAsync,
            s => s.Sources.Single(source => source.Name == "mqtt").State != IngestSourceState.Connected,
            "the source notices the broker is gone");
    }
}
