using System.Text.Json;
using Dashboard.Core.Reasons;
using MQTTnet;
using MQTTnet.Protocol;

namespace Dashboard.StormBench;

/// <summary>
/// A second subscriber to the event topics, independent of the dashboard: it counts what mosquitto
/// delivered and keeps a reference online set by the documented rule (a connect puts a client
/// online; a disconnect takes it offline unless its reason is a replacement (<c>takenover</c> or <c>discarded</c>: <see cref="ReasonCatalog.IsReplacement"/>),
/// which mean another connection now holds the session). That gives the exact online count a
/// correct dashboard must show, which plain connects minus disconnects does not.
/// </summary>
internal sealed class BrokerTap : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly HashSet<string> _online = new(StringComparer.Ordinal);

    // Per delivered event: when (Unix ms), connects so far, and the highest online count so far.
    private readonly List<(double AtMs, long Connects, long OnlineHigh)> _timeline = [];
    private long _connects;
    private long _onlineHigh;
    private long _delivered;

    private readonly string _connectedTopic;

    private BrokerTap(IMqttClient client, string connectedTopic)
    {
        _client = client;
        _connectedTopic = connectedTopic;
    }

    public long Delivered => Interlocked.Read(ref _delivered);

    public int Online
    {
        get
        {
            lock (_online)
            {
                return _online.Count;
            }
        }
    }

    /// <summary>
    /// When the reference online count first reached <paramref name="online"/>: the delivery time of
    /// the newest event a dashboard showing that value must have applied (online moves by at most one per event).
    /// </summary>
    public double? WhenOnlineFirstReached(long online)
    {
        lock (_online)
        {
            return Search.FirstAtLeast(_timeline.Count, i => _timeline[i].OnlineHigh, online) is { } i ? _timeline[i].AtMs : null;
        }
    }

    /// <summary>When the tap received the event that brought connects to <paramref name="connects"/>.</summary>
    public double? WhenConnectsReached(long connects)
    {
        lock (_online)
        {
            return Search.FirstAtLeast(_timeline.Count, i => _timeline[i].Connects, connects) is { } i ? _timeline[i].AtMs : null;
        }
    }

    /// <remarks>QoS 0: no acknowledgements, the least work for the broker; with its queue limits off nothing is dropped.</remarks>
    /// <summary>Every <paramref name="step"/>-th connect and when the tap received it.</summary>
    public IEnumerable<(long Connects, double AtMs)> ConnectMilestones(long step)
    {
        for (long n = step; WhenConnectsReached(n) is { } at; n += step)
        {
            yield return (n, at);
        }
    }

    public static async Task<BrokerTap> ConnectAsync(int port, string connectedTopic, string disconnectedTopic)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var tap = new BrokerTap(client, connectedTopic);
        client.ApplicationMessageReceivedAsync += e =>
        {
            tap.Apply(e.ApplicationMessage.Topic, JsonDocument.Parse(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("storm-tap").WithCleanSession().Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(connectedTopic, MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter(disconnectedTopic, MqttQualityOfServiceLevel.AtMostOnce)
            .Build());
        return tap;
    }

    private void Apply(string topic, JsonDocument payload)
    {
        using (payload)
        {
            var clientId = payload.RootElement.GetProperty("clientid").GetString()!;
            var at = PublishTimeline.NowMs();
            lock (_online)
            {
                if (topic == _connectedTopic)
                {
                    _connects++;
                    _online.Add(clientId);
                }
                else if (!ReasonCatalog.IsReplacement(payload.RootElement.GetProperty("reason").GetString()))
                {
                    _online.Remove(clientId);
                }

                _onlineHigh = Math.Max(_onlineHigh, _online.Count);
                _timeline.Add((at, _connects, _onlineHigh));
            }
        }

        Interlocked.Increment(ref _delivered);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
