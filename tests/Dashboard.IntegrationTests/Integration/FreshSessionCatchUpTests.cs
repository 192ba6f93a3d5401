using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.Integration;

/// <summary>
/// A later new session: the broker restarts without persistence, so it has no session for the
/// dashboard when it reconnects. What another instance stored in the shared history meanwhile
/// (here written straight into this app's store, as the other instance's inserts would be) is caught up.
/// </summary>
public sealed class FreshSessionCatchUpTests : IAsyncLifetime
{
    private readonly MosquittoBroker _broker = new();

    public Task InitializeAsync() => _broker.InitializeAsync();

    public Task DisposeAsync() => _broker.DisposeAsync();

    [Fact]
    public async Task After_a_broker_restart_without_its_session_the_events_stored_meanwhile_reach_live_state()
    {
        await using var app = new DashboardApp(_broker);
        await app.StartAsync();
        await using (var publisher = await EventPublisher.ConnectAsync(_broker))
        {
            await publisher.PublishAsync("client_connected", Fixtures.Read("client_connected.json"));
        }

        await Eventually.HoldsAsync(() => app.GetClientsAsync(), page => page.Total == 1, "sensor-0042 is online");

        await _broker.StopAsync();
        await Eventually.HoldsAsync(
            app.GetIngestStatusAsync,
            s => s.Sources.Single(source => source.Name == "mqtt").State != IngestSourceState.Connected,
            "the source notices the broker is gone");

        // Another instance, back on the broker first, received and stored these; this one never will over MQTT.
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
}
