namespace Dashboard.Ingestion;

/// <summary>
/// Tells who listens that the MQTT source connected again after losing its connection: events may
/// have been lost meanwhile (a session that expired, a queue that overflowed), so the reconciler
/// checks the online set against the broker.
/// </summary>
public sealed class MqttReconnects
{
    /// <summary>Raised on the source's loop, after it has subscribed again. Keep handlers short.</summary>
    public event Action? Reconnected;

    internal void Raise() => Reconnected?.Invoke();
}
