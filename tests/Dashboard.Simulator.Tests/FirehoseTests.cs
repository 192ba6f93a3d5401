using Dashboard.Tests.Shared;
using System.Collections.Concurrent;
using System.Diagnostics;
using Dashboard.Core.Events;
using Dashboard.Simulator.Events;
using Dashboard.Simulator.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;

namespace Dashboard.Simulator.Tests;

/// <summary>The firehose against a real mosquitto, read back by a subscriber through the dashboard's own parser.</summary>
public sealed class FirehoseTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    [Fact]
    public async Task Publishes_exactly_the_count_at_the_rate_and_every_event_parses_as_what_it_claims()
    {
        const int Count = 6000;
        const double Rate = 2000;
        var received = new ConcurrentQueue<(string Topic, byte[] Payload)>();
        using var subscriber = await SubscribeAsync(received);

        var firehose = new Firehose(new FirehoseOptions
        {
            Broker = { Host = broker.Host, Port = broker.Port },
            Rate = Rate,
            Clients = 800,
            Count = Count,
            Qos = 1,
            Seed = 5,
        });
        var result = await firehose.RunAsync(CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(Count, result.Published);
        Assert.Equal(0, result.Failed);
        Assert.Equal(result.Disconnected, result.DisconnectReasons.Values.Sum());
        // Pacing must hold the rate down; a stall on a busy machine (caught up afterwards) can cost some speed.
        Assert.InRange(result.EventsPerSecond, Rate * 0.6, Rate * 1.1);

        await Poll.UntilAsync(() => received.Count >= Count, TimeSpan.FromSeconds(15), () => $"received {received.Count} of {Count}");
        var events = received.Select(m => (m.Topic, m.Payload, Parsed: Parse(m.Topic, m.Payload))).ToList();
        Assert.Equal(Count, events.Count);
        Assert.All(events, e => Assert.InRange(e.Payload.Length, 200, 330));
        Assert.All(events, e => Assert.Equal(
            e.Topic == "client_connected" ? ConnectionEventKind.Connected : ConnectionEventKind.Disconnected,
            e.Parsed.Kind));

        var parsed = events.Select(e => e.Parsed).ToList();
        Assert.Equal(result.Connected, parsed.Count(e => e.Kind == ConnectionEventKind.Connected));
        Assert.Equal(result.Disconnected, parsed.Count(e => e.Kind == ConnectionEventKind.Disconnected));
        foreach (var (reason, count) in result.DisconnectReasons)
        {
            Assert.Equal(count, parsed.Count(e => e.Reason == reason));
        }

        // Storing an event twice is a no-op in the dashboard: distinct events must have distinct identities.
        Assert.Equal(Count, parsed.Select(e => e.Identity).Distinct().Count());
        AssertSessionsAreCoherent(parsed);
    }

    [Fact]
    public async Task A_duration_stops_the_run_and_the_counts_match_what_arrived()
    {
        var received = new ConcurrentQueue<(string Topic, byte[] Payload)>();
        using var subscriber = await SubscribeAsync(received);
        var firehose = new Firehose(new FirehoseOptions
        {
            Broker = { Host = broker.Host, Port = broker.Port },
            Rate = 400,
            Clients = 1_000_000,
            Duration = TimeSpan.FromSeconds(1),
            Seed = 6,
        });

        var timer = Stopwatch.StartNew();
        var result = await firehose.RunAsync(CancellationToken.None);

        // Never more than the rate allows. The lower bound is loose: on a busy shared machine a stall near
        // the end leaves the firehose behind, and the duration ends the run regardless.
        Assert.InRange(timer.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.InRange(result.Published, 100, 460);
        await Poll.UntilAsync(() => received.Count >= result.Published, TimeSpan.FromSeconds(10), () => $"received {received.Count} of {result.Published}");
        Assert.Equal(result.Published, received.Count);
        Assert.All(received, m => Assert.Matches("^fh-\\d{6}$", Parse(m.Topic, m.Payload).ClientId));
    }

    // Per client: connect, disconnect, connect… and each disconnect carries the connected_at and peer of its session.
    private static void AssertSessionsAreCoherent(IEnumerable<ConnectionEvent> events)
    {
        foreach (var client in events.GroupBy(e => e.ClientId))
        {
            ConnectionEvent? open = null;
            foreach (var e in client.OrderBy(e => e.EventTime).ThenBy(e => e.Kind))
            {
                if (e.Kind == ConnectionEventKind.Connected)
                {
                    Assert.Null(open);
                    open = e;
                    continue;
                }

                Assert.NotNull(open);
                Assert.Equal(open.ConnectedAt, e.ConnectedAt);
                Assert.Equal((open.PeerIp, open.PeerPort), (e.PeerIp, e.PeerPort));
                Assert.True(e.EventTime > open.EventTime);
                open = null;
            }
        }
    }

    private static ConnectionEvent Parse(string topic, byte[] payload)
    {
        var result = new EmqxEventParser().Parse(payload, topic, EventSourceKind.Mqtt, DateTimeOffset.UtcNow);
        Assert.True(result.IsSuccess, result.Failure?.Error);
        return result.Event!;
    }

    private async Task<IMqttClient> SubscribeAsync(ConcurrentQueue<(string Topic, byte[] Payload)> received)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += args =>
        {
            received.Enqueue((args.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(args.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithClientId($"sub-{Guid.NewGuid():N}").Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("client_connected", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("client_disconnected", MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        return client;
    }
}
