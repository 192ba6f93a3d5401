using System.Text.Json.Nodes;
using Dashboard.Core.History;
using Dashboard.Core.Refusals;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>
/// Refused connects over MQTT: republished by a rule to topics named like EMQX's 5.10 event topics,
/// read from a real mosquitto, stored in the real SQLite history, counted, and kept out of the clients.
/// </summary>
public sealed class RefusedIngestTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private DashboardApp _app = null!;
    private EventPublisher _publisher = null!;

    public async Task InitializeAsync()
    {
        _app = new DashboardApp(broker, new Dictionary<string, string?> { ["Mqtt:Topics:0"] = "emqx/events/#" });
        await _app.StartAsync();
        _publisher = await EventPublisher.ConnectAsync(broker);
    }

    public async Task DisposeAsync()
    {
        await _publisher.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Refusals_and_a_denial_arrive_over_mqtt_by_event_field_or_by_topic()
    {
        // The 5.10 connack keeps its event field; the authorization denial comes as a column subset
        // without one, so only its topic says what it is.
        var denial = JsonNode.Parse(Fixtures.Read("client_check_authz_complete_deny.json"))!.AsObject();
        denial.Remove("event");
        await _publisher.PublishAsync("emqx/events/client/connack", Fixtures.Read("client_connack_bad_credentials_5_10.json"));
        await _publisher.PublishAsync("emqx/events/auth/check_authz_complete", denial.ToJsonString());
        await _publisher.PublishAsync("emqx/events/client/connack", Fixtures.Read("client_connack_success_5_10.json"));

        var status = await Eventually.HoldsAsync(
            _app.GetIngestStatusAsync, s => s.Access.Total == 3, "the three access events are counted", TimeSpan.FromSeconds(20));
        // Counted when applied, stored a moment later by the durable stage.
        var store = _app.Services.GetRequiredService<IHistoryStore>();
        var stored = await Eventually.HoldsAsync(
            () => store.GetAccessFailuresAsync(
                new AccessFailureFilter(DateTimeOffset.FromUnixTimeMilliseconds(1749550000000), DateTimeOffset.FromUnixTimeMilliseconds(1749560000000), 10),
                CancellationToken.None),
            rows => rows.Count == 2,
            "the refusal and the denial are stored",
            TimeSpan.FromSeconds(20));

        Assert.Equal(
            [("sensor-0099", "bad_username_or_password", null), ("sensor-0042", null, "factory/line-2/commands")],
            stored.OrderBy(f => f.Event.ClientId == "sensor-0042").Select(f => (f.Event.ClientId, f.Event.ReasonCode, f.Event.Topic)));
        Assert.Equal((1L, 1L, 1L), (status.Access.Refused["bad_username_or_password"], status.Access.ConnackSuccesses, status.Access.AuthorizationsDenied));
        Assert.Equal((0L, 0L), (status.Accepted, status.ParseFailures));
        Assert.Equal(0, (await _app.GetClientsAsync("?state=all")).Total);
    }

    [Fact]
    public async Task A_refused_connect_counts_once_in_the_refused_tile()
    {
        // EMQX reports a refused CONNECT with a wrong password twice: the failed authentication, then the connack.
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await _publisher.PublishAsync("emqx/events/auth/check_authn_complete", Fresh("client_check_authn_complete_failure.json", now - 2));
        await _publisher.PublishAsync("emqx/events/client/connack", Fresh("client_connack_bad_credentials_5_10.json", now));
        await Eventually.HoldsAsync(_app.GetIngestStatusAsync, s => s.Access.Total == 2, "both are applied", TimeSpan.FromSeconds(20));

        // One more, sent now, comes in a later batch: the observers have seen the first two by the time it is counted.
        await _publisher.PublishAsync("emqx/events/client/connack", Fresh("client_connack_success_5_10.json", now));
        await Eventually.HoldsAsync(_app.GetIngestStatusAsync, s => s.Access.Total == 3, "the third is applied", TimeSpan.FromSeconds(20));
        var counter = _app.Services.GetRequiredService<RefusalCounter>();
        var summary = await Eventually.HoldsAsync(() => Task.FromResult(counter.LastHour()), s => s.Total == 1, "one refusal is counted", TimeSpan.FromSeconds(20));

        Assert.Equal("bad_username_or_password", summary.TopReason);
    }

    /// <summary>A fixture with its timestamp moved to now: the tile counts the last hour only.</summary>
    private static string Fresh(string fixture, long timestampMs)
    {
        var json = JsonNode.Parse(Fixtures.Read(fixture))!.AsObject();
        json["timestamp"] = timestampMs;
        return json.ToJsonString();
    }
}
