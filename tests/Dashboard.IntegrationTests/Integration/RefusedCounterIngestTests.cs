using System.Text.Json.Nodes;
using Dashboard.Core.Refusals;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>
/// The overview's refused tile counts what arrives through the one pipeline: a refused CONNECT
/// (EMQX's failed authentication and then its connack) read from a real mosquitto counts once, with history off.
/// </summary>
public sealed class RefusedCounterIngestTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private DashboardApp _app = null!;
    private EventPublisher _publisher = null!;

    public async Task InitializeAsync()
    {
        _app = new DashboardApp(broker, new Dictionary<string, string?> { ["Mqtt:Topics:0"] = "emqx/events/#", ["History:Provider"] = "none" });
        await _app.StartAsync();
        _publisher = await EventPublisher.ConnectAsync(broker);
    }

    public async Task DisposeAsync()
    {
        await _publisher.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_refused_connect_counts_once_in_the_last_hour()
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await _publisher.PublishAsync("emqx/events/auth/check_authn_complete", Fresh("client_check_authn_complete_failure.json", now - 2));
        await _publisher.PublishAsync("emqx/events/client/connack", Fresh("client_connack_bad_credentials_5_10.json", now));
        await _publisher.PublishAsync("emqx/events/client/connack", Fresh("client_connack_success_5_10.json", now));

        await Eventually.HoldsAsync(_app.GetIngestStatusAsync, s => s.Access.Total == 3, "the three access events are applied", TimeSpan.FromSeconds(20));

        // One more, sent now, comes in a later batch: the observers have seen the first three by the time it is counted.
        await _publisher.PublishAsync("emqx/events/client/connack", Fresh("client_connack_success_5_10.json", now));
        await Eventually.HoldsAsync(_app.GetIngestStatusAsync, s => s.Access.Total == 4, "the fourth is applied", TimeSpan.FromSeconds(20));
        var counter = _app.Services.GetRequiredService<RefusalCounter>();
        var summary = await Eventually.HoldsAsync(() => Task.FromResult(counter.LastHour()), s => s.Total == 1, "one refusal is counted", TimeSpan.FromSeconds(20));

        Assert.Equal("bad_username_or_password", summary.TopReason);
    }

    private static string Fresh(string fixture, long timestampMs)
    {
        var json = JsonNode.Parse(Fixtures.Read(fixture))!.AsObject();
        json["timestamp"] = timestampMs;
        return json.ToJsonString();
    }
}
