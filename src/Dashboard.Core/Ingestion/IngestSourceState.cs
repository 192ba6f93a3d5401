namespace Dashboard.Core.Ingestion;

/// <summary>Where an event source stands. <c>Connected</c> means subscribed and able to receive.</summary>
public enum IngestSourceState
{
    Disabled,
    Connecting,
    Connected,
    Disconnected,
}
