using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingestion;

/// <summary>
/// Topics the MQTT source subscribes to on top of <c>Mqtt:Topics</c>, added while the app runs
/// (the one-click setup's republish topic). They last until the app stops; the MQTT source
/// subscribes to them again after every reconnect.
/// </summary>
internal sealed class MqttRuntimeTopics(IOptions<MqttOptions> options)
{
    private readonly Lock _lock = new();
    private string[] _topics = [];
    private Func<string, CancellationToken, Task<bool>>? _subscribeNow;

    /// <summary>The topics added so far.</summary>
    public IReadOnlyList<string> Topics
    {
        get
        {
            lock (_lock)
            {
                return _topics;
            }
        }
    }

    /// <summary>Called once by the MQTT source: subscribes on its live connection, false when it has none.</summary>
    public void Attach(Func<string, CancellationToken, Task<bool>> subscribeNow)
    {
        lock (_lock)
        {
            _subscribeNow = subscribeNow;
        }
    }

    /// <summary>
    /// Makes sure the MQTT source reads <paramref name="topic"/>, and says what the user should
    /// know: already configured, subscribed now (add it to Mqtt:Topics to keep it), or the source is off.
    /// </summary>
    public async Task<string> EnsureSubscribedAsync(string topic, CancellationToken cancellationToken)
    {
        var mqtt = options.Value;
        var keep = $"Add it to Mqtt:Topics (e.g. --Mqtt:Topics:0 {topic}) to keep it after a restart.";
        if (!mqtt.Enabled)
        {
            return $"The MQTT source is off (Mqtt:Enabled false), so nothing reads {topic}: turn it on with {topic} in Mqtt:Topics.";
        }

        if (mqtt.EffectiveTopics.Contains(topic, StringComparer.Ordinal))
        {
            return $"The MQTT source already subscribes to {topic} (Mqtt:Topics).";
        }

        Func<string, CancellationToken, Task<bool>>? subscribeNow;
        lock (_lock)
        {
            if (!_topics.Contains(topic, StringComparer.Ordinal))
            {
                _topics = [.. _topics, topic];
            }

            subscribeNow = _subscribeNow;
        }

        return subscribeNow is not null && await subscribeNow(topic, cancellationToken)
            ? $"The MQTT source subscribed to {topic} now, until the dashboard restarts. {keep}"
            : $"The MQTT source will subscribe to {topic} when it is connected again, until the dashboard restarts. {keep}";
    }
}
