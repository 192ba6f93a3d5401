using System.Globalization;
using MQTTnet;

namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>The little traffic a connected device sends, so sessions look like real devices, not idle sockets.</summary>
internal static class Telemetry
{
    /// <summary>
    /// Publishes a reading every <see cref="FleetOptions.TelemetryInterval"/> (jittered) for
    /// <paramref name="duration"/>. Returns false as soon as the broker drops the connection, true when
    /// the time is up with the connection still open.
    /// </summary>
    public static async Task<bool> PublishForAsync(
        DeviceContext context, IMqttClient client, DisconnectWatch watch, TimeSpan duration, CancellationToken cancellationToken)
    {
        string topic = $"devices/{context.ClientId}/telemetry";
        long started = context.Time.GetTimestamp();
        int sequence = 0;
        while (true)
        {
            var left = duration - context.Time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return true;
            }

            var pause = context.Jitter(context.Options.TelemetryInterval);
            if (await watch.WaitAsync(pause < left ? pause : left, context.Time, cancellationToken))
            {
                return false;
            }

            if (pause >= left)
            {
                return true;
            }

            try
            {
                await client.PublishAsync(Reading(context, topic, ++sequence), cancellationToken);
            }
            catch (Exception) when (watch.HasFired || !client.IsConnected)
            {
                return false;
            }
        }
    }

    private static MqttApplicationMessage Reading(DeviceContext context, string topic, int sequence)
    {
        double temperature = 18 + (context.Random.NextDouble() * 8);
        string payload = string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{sequence},\"temperature\":{temperature:0.0}}}");
        return new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtMostOnce)
            .Build();
    }
}
