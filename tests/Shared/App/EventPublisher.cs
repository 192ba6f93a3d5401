using Dashboard.Tests.Shared;
using MQTTnet;
using MQTTnet.Protocol;

namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>Publishes EMQX-format event payloads to the broker, as an EMQX republish rule would.</summary>
public sealed class EventPublisher : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    private EventPublisher()
    {
    }

    public static async Task<EventPublisher> ConnectAsync(MosquittoBroker broker)
    {
        var publisher = new EventPublisher();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId("test-publisher-" + Guid.NewGuid().ToString("N"))
            .Build();
        await publisher._client.ConnectAsync(options);
        return publisher;
    }

    public Task PublishAsync(string topic, string payload) => PublishAsync(topic, System.Text.Encoding.UTF8.GetBytes(payload));

    /// <summary>Publishes raw bytes, which need not be UTF-8 or JSON (the fuzz suite's payloads).</summary>
    public Task PublishAsync(string topic, byte[] payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
