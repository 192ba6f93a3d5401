using Dashboard.Core.Ingestion;

namespace Dashboard.Components.Controls.Cards;

/// <summary>
/// What is wrong with event ingestion, in words for the banner every page shows
/// (<see cref="SourceProblemBanner"/>): what failed and which settings to check. Null when
/// nothing is wrong, or while a first connect is still under way without an error.
/// </summary>
public sealed record SourceProblem(bool IsError, string Text)
{
    public static SourceProblem? Of(IReadOnlyCollection<IngestSourceStatus> sources)
    {
        if (sources.Count == 0 || sources.All(s => s.State == IngestSourceState.Disabled))
        {
            return new(false,
                "No event source is enabled, so nothing will arrive. Turn on the MQTT source (Mqtt:Enabled, Mqtt:Host, Mqtt:Port) " +
                "to read EMQX's client events from a broker, or the webhook (set Webhook:Secret) for EMQX's HTTP action.");
        }

        var mqtt = sources.FirstOrDefault(s => string.Equals(s.Name, IngestSources.MqttName, StringComparison.OrdinalIgnoreCase));
        if (mqtt is { State: IngestSourceState.Disconnected or IngestSourceState.Connecting, LastError: { } error })
        {
            return new(true,
                $"Not receiving events from the broker: {mqtt.Description} failed with \"{error}\". " +
                "Check Mqtt:Host, Mqtt:Port, Mqtt:UseTls and the credentials (Mqtt:Username, Mqtt:Password); " +
                "the dashboard keeps retrying on its own, and the Diagnostics page shows each attempt.");
        }

        return null;
    }
}
