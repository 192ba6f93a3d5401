using Dashboard.Core.Events;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// One received payload on its way through the pipeline: the event it parsed to (a connection event
/// or an access event; neither when it did not parse), and how to acknowledge it to its source once
/// it is durable. Failures travel too, so that every source sees its acknowledgements in the order it
/// delivered (MQTT requires it). Access events never reach live state: they are counted, and the
/// failures among them stored.
/// </summary>
public readonly record struct IngestItem(ConnectionEvent? Event, Func<CancellationToken, Task>? Acknowledge, AccessEvent? Access = null);
