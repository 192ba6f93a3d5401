using Dashboard.Core.Events;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// One received payload on its way through the pipeline: the event it parsed to (null when it did
/// not parse), and how to acknowledge it to its source once it is durable. Failures travel too, so
/// that every source sees its acknowledgements in the order it delivered (MQTT requires it).
/// </summary>
public readonly record struct IngestItem(ConnectionEvent? Event, Func<CancellationToken, Task>? Acknowledge);
