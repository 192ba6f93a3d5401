using System.Text.Json;
using Dashboard.Core.Events;
using Dashboard.Simulator.Events;

namespace Dashboard.Simulator.Tests;

public sealed class EventStreamTests
{
    [Fact]
    public void The_same_seed_gives_the_same_events()
    {
        var first = Take(new EventStream(1000, 3), 5000);
        var second = Take(new EventStream(1000, 3), 5000);
        var other = Take(new EventStream(1000, 4), 5000);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Clients_alternate_and_times_per_client_strictly_increase_even_when_the_clock_stands_still()
    {
        var stream = new EventStream(3, 1);
        var last = new Dictionary<int, SyntheticEvent>();

        for (int i = 0; i < 300; i++)
        {
            var e = stream.Next(nowMs: 1_000);
            if (last.TryGetValue(e.Client, out var previous))
            {
                Assert.NotEqual(previous.IsConnect, e.IsConnect);
                long previousTime = previous.IsConnect ? previous.ConnectedAtMs : previous.DisconnectedAtMs;
                Assert.True((e.IsConnect ? e.ConnectedAtMs : e.DisconnectedAtMs) > previousTime);
                if (!e.IsConnect)
                {
                    Assert.Equal(previous.ConnectedAtMs, e.ConnectedAtMs);
                    Assert.Equal(previous.PeerPort, e.PeerPort);
                }
            }
            else
            {
                Assert.True(e.IsConnect, "a client's first event is a connect");
            }

            last[e.Client] = e;
        }
    }

    [Fact]
    public void Connect_all_first_brings_every_client_online_once_in_order_then_flips_at_random()
    {
        var stream = new EventStream(500, 5, connectAllFirst: true);

        var rampUp = Enumerable.Range(0, 500).Select(_ => stream.Next(nowMs: 1_000)).ToArray();
        var after = Enumerable.Range(0, 500).Select(_ => stream.Next(nowMs: 2_000)).ToArray();

        Assert.Equal(Enumerable.Range(0, 500), rampUp.Select(e => e.Client));
        Assert.All(rampUp, e => Assert.True(e.IsConnect));
        Assert.NotEqual(Enumerable.Range(0, 500), after.Select(e => e.Client));
        Assert.Contains(after, e => !e.IsConnect);
    }

    [Fact]
    public void Payloads_are_emqx_select_star_json_that_the_dashboard_parses()
    {
        var stream = new EventStream(1000, 9);
        using var writer = new EventPayloadWriter(stream, "fh-", "emqx@10.0.0.1");
        var reasons = new HashSet<string>();

        for (int i = 0; i < 4000; i++)
        {
            var e = stream.Next(1_750_000_000_000 + i);
            var json = writer.Write(e).ToArray();
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var parsed = new EmqxEventParser().Parse(json, null, EventSourceKind.Mqtt, DateTimeOffset.UtcNow);

            Assert.True(parsed.IsSuccess, parsed.Failure?.Error);
            Assert.Equal(writer.ClientIdOf(e.Client), parsed.Event!.ClientId);
            Assert.Matches("^fh-\\d{4}$", parsed.Event.ClientId);
            Assert.Equal("emqx@10.0.0.1", parsed.Event.Node);
            Assert.Equal(e.ConnectedAtMs, parsed.Event.ConnectedAt!.Value.ToUnixTimeMilliseconds());
            Assert.True(root.GetProperty("timestamp").GetInt64() >= (e.IsConnect ? e.ConnectedAtMs : e.DisconnectedAtMs));
            Assert.StartsWith("10.", parsed.Event.PeerIp, StringComparison.Ordinal);
            if (e.IsConnect)
            {
                Assert.Equal(ConnectionEventKind.Connected, parsed.Event.Kind);
                Assert.Equal("client.connected", root.GetProperty("event").GetString());
                Assert.InRange(parsed.Event.Keepalive!.Value, 30, 60);
                Assert.NotNull(parsed.Event.CleanStart);
                Assert.False(root.TryGetProperty("reason", out _));
            }
            else
            {
                Assert.Equal(ConnectionEventKind.Disconnected, parsed.Event.Kind);
                Assert.Equal(e.DisconnectedAtMs, parsed.Event.EventTime.ToUnixTimeMilliseconds());
                Assert.False(root.TryGetProperty("keepalive", out _));
                reasons.Add(parsed.Event.Reason!);
            }
        }

        Assert.Equal(["discarded", "internal_error", "keepalive_timeout", "kicked", "normal", "not_authorized", "takenover", "tcp_closed"], reasons.Order());
    }

    [Fact]
    public void The_reason_mix_is_mostly_clean_and_transport_disconnects()
    {
        var random = new Random(1);
        var counts = new int[ReasonMix.Count];
        for (int i = 0; i < 100_000; i++)
        {
            counts[ReasonMix.Pick(random)]++;
        }

        var share = Enumerable.Range(0, ReasonMix.Count).ToDictionary(ReasonMix.Name, i => counts[i] / 100_000.0);
        Assert.InRange(share["normal"] + share["tcp_closed"] + share["keepalive_timeout"], 0.7, 0.8);
        Assert.All(share.Values, s => Assert.True(s > 0.02));
    }

    [Theory]
    [InlineData(1, 0, "fh-0000")]
    [InlineData(10_000, 42, "fh-0042")]
    [InlineData(1_000_000, 42, "fh-000042")]
    [InlineData(10_000_000, 9_999_999, "fh-9999999")]
    public void Client_ids_are_padded_to_the_widest_index(int clients, int client, string expected)
    {
        using var writer = new EventPayloadWriter(new EventStream(clients, 1), "fh-", "node");

        Assert.Equal(expected, writer.ClientIdOf(client));
    }

    private static List<SyntheticEvent> Take(EventStream stream, int count) =>
        [.. Enumerable.Range(0, count).Select(i => stream.Next(1_000 + (i / 10)))];
}
