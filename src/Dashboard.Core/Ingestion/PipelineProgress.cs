namespace Dashboard.Core.Ingestion;

/// <summary>
/// How many items have gone all the way through <see cref="EventPipeline"/> (applied, stored and
/// acknowledged), and how many acknowledgements failed on the way (their sources deliver those
/// again). The clean stop reads it to say what its drain did.
/// </summary>
public sealed class PipelineProgress
{
    private long _itemsDone;
    private long _acknowledgementsFailed;

    public long ItemsDone => Interlocked.Read(ref _itemsDone);

    public long AcknowledgementsFailed => Interlocked.Read(ref _acknowledgementsFailed);

    internal void AddDone(int items) => Interlocked.Add(ref _itemsDone, items);

    internal void AddFailedAcknowledgement() => Interlocked.Increment(ref _acknowledgementsFailed);
}
