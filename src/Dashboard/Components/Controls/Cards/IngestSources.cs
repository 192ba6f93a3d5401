using Dashboard.Core.Ingestion;

namespace Dashboard.Components.Controls.Cards;

/// <summary>Which source stands for "the broker connection" in the app bar and on the overview.</summary>
public static class IngestSources
{
    /// <summary>The name the MQTT event source registers under.</summary>
    public const string MqttName = "mqtt";

    /// <summary>The MQTT source if there is one, else the first source registered, else null.</summary>
    public static IngestSourceStatus? Primary(IngestDiagnostics diagnostics)
    {
        var sources = diagnostics.Sources;
        return sources.FirstOrDefault(s => string.Equals(s.Name, MqttName, StringComparison.OrdinalIgnoreCase))
            ?? (sources.Count > 0 ? sources[0] : null);
    }
}
