using System.Globalization;
using System.Text;
using Dashboard.Tests.Shared;
using MQTTnet;
using MQTTnet.Protocol;

namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>
/// A steady stream of distinct EMQX connect events at QoS 1, paced to a rate (events per second),
/// as a busy fleet's republish rule produces them. Each event has its own client ID
/// (<c>{prefix}-{n:D7}</c>), so a test can count what was stored and find what is missing or
/// doubled. An event counts as published once mosquitto has acknowledged it (PUBACK): from then
/// on the broker owns it, and the dashboard's persistent session must deliver it.
/// </summary>
public sealed class PacedPublisher : IAsyncDisposable
{
    /// <summary>Publishes awaiting their PUBACK at most; enough for 5,000/s on loopback.</summary>
    private const int MaxInFlight = 500;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight);
    private readonly string _prefix;
    private readonly long _baseMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
    private int _next;
    private int _published;
    private int _failed;

    private PacedPublisher(string prefix) => _prefix = prefix;

    /// <summary>Events the broker has acknowledged so far.</summary>
    public int Published => Volatile.Read(ref _published);

    /// <summary>Publishes the broker did not acknowledge (a test expecting none asserts this is 0).</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>The client ID of event <paramref name="n"/> (0-based).</summary>
    public string ClientId(int n) => $"{_prefix}-{n.ToString("D7", CultureInfo.InvariantCulture)}";

    public static async Task<PacedPublisher> ConnectAsync(MosquittoBroker broker, string prefix = "stream")
    {
        var stream = new PacedPublisher(prefix);
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId("test-paced-publisher-" + Guid.NewGuid().ToString("N"))
            .Build();
        await stream._client.ConnectAsync(options);
        return stream;
    }

    /// <summary>
    /// Publishes <paramref name="count"/> events at <paramref name="perSecond"/> to
    /// <paramref name="topic"/>, continuing the numbering of earlier calls, and returns once the
    /// broker has acknowledged every one of them (or <paramref name="cancellationToken"/> stops it:
    /// then what was acknowledged is in <see cref="Published"/>).
    /// </summary>
    public async Task PublishAsync(int count, int perSecond, string topic = "client_connected", CancellationToken cancellationToken = default)
    {
        var first = _next;
        _next += count;
        var started = TimeProvider.System.GetTimestamp();
        var pending = new List<Task>(count);
        try
        {
            for (var n = first; n < first + count; n++)
            {
                // Paced by the clock rather than by fixed sleeps, so a slow tick is made up for.
                var due = TimeSpan.FromSeconds((double)(n - first) / perSecond);
                var late = due - TimeProvider.System.GetElapsedTime(started);
                if (late > Tick)
                {
                    await Task.Delay(late, cancellationToken);
                }

                await _inFlight.WaitAsync(cancellationToken);
                pending.Add(PublishOneAsync(topic, n));
            }
        }
        finally
        {
            await Task.WhenAll(pending);
        }
    }

    private async Task PublishOneAsync(string topic, int n)
    {
        try
        {
            var result = await _client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(Encoding.UTF8.GetBytes(Payload(n)))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build());
            if (result.IsSuccess)
            {
                Interlocked.Increment(ref _published);
            }
            else
            {
                Interlocked.Increment(ref _failed);
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            Interlocked.Increment(ref _failed);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>The EMQX <c>client.connected</c> payload of event <paramref name="n"/>.</summary>
    public string Payload(int n) =>
        $$"""{"event":"client.connected","clientid":"{{ClientId(n)}}","username":"device","peername":"10.{{n / 65536 % 256}}.{{n / 256 % 256}}.{{n % 256}}:{{40000 + n % 20000}}","connected_at":{{_baseMs + n}},"keepalive":60,"clean_start":true,"proto_ver":5,"node":"emqx@10.0.0.1"}""";

    /// <summary>
    /// The EMQX <c>client.disconnected</c> payload that ends event <paramref name="n"/>'s session,
    /// five seconds after its connect (publish it after the connect, to <c>client_disconnected</c>).
    /// </summary>
    public string DisconnectPayload(int n, string reason = "keepalive_timeout") =>
        $$"""{"event":"client.disconnected","clientid":"{{ClientId(n)}}","reason":"{{reason}}","connected_at":{{_baseMs + n}},"disconnected_at":{{_baseMs + n + 5000}},"peername":"10.{{n / 65536 % 256}}.{{n / 256 % 256}}.{{n % 256}}:{{40000 + n % 20000}}"}""";

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
        _inFlight.Dispose();
    }
}
