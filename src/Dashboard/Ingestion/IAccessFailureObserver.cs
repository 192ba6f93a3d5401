using Dashboard.Core.Events;

namespace Dashboard.Ingestion;

/// <summary>
/// Something that follows refused connects, failed authentications and denials as they arrive (the
/// live refused counts, incidents, reconnect-loop evidence). Registered in DI; the pipeline's one
/// consumer calls each, in arrival order, once per batch, on its own thread, before the batch is
/// stored. An implementation must be quick and must not throw: it holds ingestion while it runs.
/// A failure delivered again after a restart (it was not yet acknowledged) is seen again.
/// </summary>
internal interface IAccessFailureObserver
{
    void Observe(IReadOnlyList<AccessEvent> failures);
}
